// Writing tables to disk as they are generated: CSV (RFC 4180, UTF-8 without BOM or GBK, \n line
// ends) appended county by county, and Parquet written one chunk file at a time, so no run ever
// holds a whole province in memory.
import { Int32, makeData, makeVector, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import init, { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/esm';
import { encodeGbk } from './gbk';
import { COLUMNS, type Row, type TableName } from './tables';

export type Encoding = 'utf8' | 'gbk';
export type Headers = 'zh' | 'en';

function csvField(v: string | null): string {
  if (v === null) return '';
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function csvText(rows: Row[]): string {
  let s = '';
  for (const r of rows) s += r.map(csvField).join(',') + '\n';
  return s;
}

export function encodeText(text: string, encoding: Encoding): Uint8Array {
  return encoding === 'gbk' ? encodeGbk(text) : Buffer.from(text, 'utf8');
}

export function headerRow(table: TableName, headers: Headers): string[] {
  return COLUMNS[table].map((c) => (headers === 'zh' ? c.zh : c.en));
}

/** One CSV file, opened with its header and appended to as rows come. */
export class CsvWriter {
  private readonly fd: number;

  constructor(
    file: string,
    header: string[],
    private readonly encoding: Encoding,
  ) {
    this.fd = fs.openSync(file, 'w');
    this.append([header]);
  }

  append(rows: Row[]): void {
    if (rows.length === 0) return;
    fs.writeSync(this.fd, encodeText(csvText(rows), this.encoding));
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

let wasmReady: Promise<unknown> | null = null;

/** parquet-wasm needs its .wasm instantiated once per process; in Node we hand it the bytes. */
export function initParquet(): Promise<unknown> {
  if (!wasmReady) {
    const require = createRequire(import.meta.url);
    const wasm = fs.readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'));
    wasmReady = init({ module_or_path: wasm });
  }
  return wasmReady;
}

/**
 * A Utf8 column built straight from its bytes: Arrow's generic builder is several times slower,
 * and a province writes millions of cells.
 */
function utf8Vector(values: (string | null)[]): Vector {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const validity = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) nulls++;
    else {
      validity[i >> 3] |= 1 << (i & 7);
      bytes += Buffer.byteLength(v, 'utf8');
    }
    offsets[i + 1] = bytes;
  }
  const data = Buffer.from(values.map((v) => v ?? '').join(''), 'utf8');
  if (data.length !== bytes) throw new Error('utf8 column length mismatch');
  return makeVector(
    makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, valueOffsets: offsets, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }),
  );
}

/**
 * Rows of one table as Parquet bytes. Money and scores stay strings, exactly as in the CSV
 * (a Parquet double would not be exact); year and head counts are Int32. Blank cells are nulls.
 */
export function parquetBytes(table: TableName, header: string[], rows: Row[]): Uint8Array {
  const cols: Record<string, Vector> = {};
  COLUMNS[table].forEach((col, c) => {
    const values = rows.map((r) => r[c]);
    cols[header[c]] = col.int
      ? vectorFromArray(values.map((v) => (v === null ? null : Number(v))), new Int32())
      : utf8Vector(values);
  });
  const arrow = new Table(cols);
  const props = new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')), props);
}

/** Parquet for one table: rows are buffered and written as numbered chunk files when `chunked`. */
export class ParquetWriter {
  private rows: Row[] = [];
  private chunk = 0;

  constructor(
    private readonly dir: string,
    private readonly table: TableName,
    private readonly header: string[],
    private readonly chunked: boolean,
    private readonly chunkRows: number,
  ) {}

  append(rows: Row[]): void {
    for (const r of rows) this.rows.push(r);
  }

  /** Writes a chunk when enough rows are buffered (or always, at a county boundary if `force`). */
  maybeFlush(force = false): void {
    if (this.rows.length === 0) return;
    if (!force && (!this.chunked || this.rows.length < this.chunkRows)) return;
    this.chunk++;
    const name = this.chunked ? `${this.table}-${String(this.chunk).padStart(4, '0')}.parquet` : `${this.table}.parquet`;
    fs.writeFileSync(path.join(this.dir, name), parquetBytes(this.table, this.header, this.rows));
    this.rows = [];
  }

  close(): void {
    this.maybeFlush(true);
  }
}
