// Parquet → Arrow → string cells. DuckDB-WASM 1.29+ has no built-in Parquet reader (it would
// download an extension), so parquet-wasm reads the file and the cells go through the same
// validation as CSV cells.
import init, { ParquetFile, readParquet, writeParquet, Table as WasmTable } from 'parquet-wasm/esm';
import { Table as ArrowTable, DataType, Precision, tableFromIPC, tableToIPC, Type, type Table } from 'apache-arrow';
import Decimal from 'decimal.js';
import { columnValues } from '../db/columns';
import { decimalFromUnscaled } from '../db/engine';
import { columnLabel, TABLE_COLUMNS, type ColumnType, type HeaderMatch } from './headers';

type WasmSource = Parameters<typeof init>[0];
let ready: Promise<unknown> | null = null;
let source: WasmSource | undefined;

/** The browser passes the wasm URL it imported with `?url`; Node finds the file itself. */
export function setParquetWasm(s: WasmSource): void {
  source = s;
  ready = null;
}

async function nodeWasmBytes(): Promise<Uint8Array> {
  // Variable specifiers keep bundlers from pulling Node built-ins into the browser build.
  const fsName = 'node:fs';
  const moduleName = 'node:module';
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs');
  const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module');
  return fs.readFileSync(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'));
}

function ensureParquet(): Promise<unknown> {
  ready ??= (async () => init({ module_or_path: source ?? (await nodeWasmBytes()) }))();
  return ready;
}

export async function readParquetTable(bytes: Uint8Array): Promise<Table> {
  return tableFromIPC(await readParquetIPC(bytes));
}

/** Parquet bytes → Arrow IPC stream, as an engine's `insertIPC` or `queryIPC` speaks it. */
export async function readParquetIPC(bytes: Uint8Array): Promise<Uint8Array> {
  await ensureParquet();
  return readParquet(bytes).intoIPCStream();
}

/**
 * A Parquet file on a web server → Arrow IPC, read with HTTP range requests (the footer, then the
 * column chunks): what opening a served dataset's partition takes.
 */
export async function readParquetUrlIPC(url: string): Promise<Uint8Array> {
  await ensureParquet();
  const file = await ParquetFile.fromUrl(url);
  try {
    return (await file.read()).intoIPCStream();
  } finally {
    file.free();
  }
}

/** Several IPC streams of one schema as one: many small partitions become one insert. */
export function concatIPC(streams: Uint8Array[]): Uint8Array {
  if (streams.length === 1) return streams[0];
  const tables = streams.map((s) => tableFromIPC(s));
  return tableToIPC(new ArrowTable(tables.flatMap((t) => t.batches)), 'stream');
}

export async function writeParquetFromIPC(ipc: Uint8Array): Promise<Uint8Array> {
  await ensureParquet();
  return writeParquet(WasmTable.fromIPCStream(ipc));
}

/** Arrow types whose values read as the text a CSV of the same data would hold, for each column type. */
const NUMERIC_TYPES = new Set([Type.Int, Type.Float, Type.Decimal, Type.Utf8, Type.LargeUtf8, Type.Null]);
const TEXT_TYPES = new Set([...NUMERIC_TYPES, Type.Bool, Type.Date, Type.Timestamp]);

function valueType(type: DataType): DataType {
  return DataType.isDictionary(type) ? type.dictionary : type;
}

/**
 * Why a Parquet column of `arrow` type cannot be read as `column`, or null when it can. Numbers
 * come only from numbers or text: a DATE or TIMESTAMP 年度 is not converted to a year (which of
 * its parts, in which time zone?), and BINARY holds bytes, not digits.
 */
function refusal(arrow: DataType, column: ColumnType): string | null {
  const allowed = column === 'text' ? TEXT_TYPES : NUMERIC_TYPES;
  if (allowed.has(valueType(arrow).typeId)) return null;
  const kind = column === 'text' ? '文本' : '数值';
  return `Parquet 列类型为 ${String(arrow)}，不能作为${kind}读取（应为整数、小数、DECIMAL 或文本），不作换算`;
}

/**
 * A FLOAT32 at its shortest decimal that reads back as the same float: 183.35, not the
 * 183.350006103515625 it holds. (String() would give the shortest form of the double it widens to.)
 */
function shortestFloat32(v: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const s = v.toPrecision(digits);
    // A float to text, checked by reading the text back as a float: no amount is computed with it.
    if (Math.fround(Number(s)) === v) return s;
  }
  return v.toPrecision(9);
}

const isoInstant = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));

/** One cell's text: the same digits a CSV would carry (exponent notation expanded, floats at their shortest). */
function cellText(v: unknown, type: DataType): string {
  if (DataType.isDecimal(type)) return decimalFromUnscaled(String(v), type.scale);
  if (DataType.isFloat(type)) {
    const s = type.precision === Precision.SINGLE ? shortestFloat32(v as number) : String(v);
    return Number.isFinite(v) ? new Decimal(s).toFixed() : s;
  }
  if (DataType.isDate(type)) return isoInstant(v as number).slice(0, 10);
  if (DataType.isTimestamp(type)) return isoInstant(v as number);
  return String(v);
}

/** The cells of a Parquet file's columns as text, per header position, with what the file should be told. */
export interface ParquetCells {
  columns: (string | null)[][];
  /** Canonical column → why its Parquet type cannot hold it: rows with a value there are rejected. */
  refused: Map<string, string>;
  notes: string[];
}

/** Reads the columns `match` maps (the others stay empty) as the text a CSV of the same data would hold. */
export function parquetCells(table: Table, match: HeaderMatch): ParquetCells {
  const specs = new Map(TABLE_COLUMNS[match.table].map((s) => [s.name, s]));
  const refused = new Map<string, string>();
  const notes: string[] = [];
  const floats: string[] = [];
  const rows = table.numRows; // a getter that adds up every batch's length: read once, not per row
  const columns = table.schema.fields.map((field, i) => {
    const spec = match.columns[i] == null ? undefined : specs.get(match.columns[i]!);
    if (spec == null) return [];
    const type = valueType(field.type);
    const why = refusal(field.type, spec.type);
    if (why) {
      refused.set(spec.name, why);
      notes.push(`列「${field.name}」→ ${columnLabel(spec)}：${why}，该列有值的行已拒收`);
    }
    if (type.typeId === Type.Float) floats.push(`${field.name}（${String(field.type)}）`);
    const values = columnValues(table.getChildAt(i)!);
    const out: (string | null)[] = new Array(rows);
    // A refused column's cells only say whether there is a value: the row is rejected, not read.
    for (let r = 0; r < rows; r++) {
      const v = values[r];
      out[r] = v == null ? null : why ? '*' : cellText(v, type);
    }
    return out;
  });
  if (floats.length) notes.push(`这些列是二进制浮点数（Parquet FLOAT/DOUBLE），已按最短十进制形式读取：${floats.join('、')}`);
  return { columns, refused, notes };
}
