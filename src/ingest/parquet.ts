// Parquet → Arrow → string cells. DuckDB-WASM 1.29+ has no built-in Parquet reader (it would
// download an extension), so parquet-wasm reads the file and the cells go through the same
// validation as CSV cells.
import init, { ParquetFile, readParquet, writeParquet, Table as WasmTable } from 'parquet-wasm/esm';
import { Table as ArrowTable, tableFromIPC, tableToIPC, Type, type Table } from 'apache-arrow';
import { decimalFromUnscaled } from '../db/engine';

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

/** A column's values as the text a CSV of the same data would hold. */
export function columnAsText(table: Table, name: string): (string | null)[] {
  const col = table.getChild(name)!;
  const type = col.type;
  const out: (string | null)[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const v = col.get(i);
    if (v == null) out[i] = null;
    else if (type.typeId === Type.Decimal) out[i] = decimalFromUnscaled(String(v), (type as { scale: number }).scale);
    else if (v instanceof Date) out[i] = v.toISOString().slice(0, 10);
    else out[i] = String(v);
  }
  return out;
}
