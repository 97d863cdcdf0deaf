// Shared by the cell-value tests: valid rows of every table, CSV and Parquet writers, and a look at
// what a load put into DuckDB, row by source line.
import Decimal from 'decimal.js';
import { Table, tableToIPC, type Vector } from 'apache-arrow';
import type { Engine } from '../../src/db/engine';
import type { DataTable } from '../../src/db/schema';
import { TABLE_COLUMNS, type ColumnSpec } from '../../src/ingest/headers';
import { loadFiles } from '../../src/ingest/load';
import { writeParquetFromIPC } from '../../src/ingest/parquet';

export const TABLES: DataTable[] = ['evaluations', 'indicators', 'spending', 'staffing'];

/** One cell as written in a file and as DuckDB then returns it (decimals as exact strings, INTEGER as numbers). */
export interface Cell {
  written: string;
  stored: string | number | null;
}

const TEXT: Record<string, (i: number) => string> = {
  eval_id: (i) => `E${i}`,
  department: (i) => `部门${i}`,
  kind: () => '项目',
  project: (i) => `项目${i}`,
  item: (i) => `科目${i}`,
  level1: () => '产出指标',
  level2: () => '数量指标',
  level3: (i) => `指标${i}`,
  target: () => '≥95%',
  actual: () => '98%',
};

/** A valid cell of `spec` for row `i`; every row of a table is a different form / department, so none replaces another. */
export function validCell(spec: ColumnSpec, i: number): Cell {
  switch (spec.type) {
    case 'text': {
      const t = (TEXT[spec.name] ?? (() => '说明'))(i);
      return { written: t, stored: t };
    }
    case 'year':
      return { written: '2023', stored: 2023 };
    case 'int':
      return { written: String(10 + (i % 7)), stored: 10 + (i % 7) };
    case 'money':
      return { written: `${100 + i}.35`, stored: `${100 + i}.35` };
    case 'number':
      return { written: '9.5', stored: '9.5' };
    case 'percent':
      return { written: '98.5%', stored: '0.985' };
  }
}

export function validRow(table: DataTable, i: number): Record<string, Cell> {
  return Object.fromEntries(TABLE_COLUMNS[table].map((s) => [s.name, validCell(s, i)]));
}

const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

/** A CSV with the canonical headers of `table` and one line per row (header = line 1). */
export function csvOf(table: DataTable, rows: Record<string, string>[]): Uint8Array {
  const names = TABLE_COLUMNS[table].map((s) => s.name);
  const lines = [names.join(','), ...rows.map((r) => names.map((n) => quote(r[n] ?? '')).join(','))];
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

export const written = (row: Record<string, Cell>) => Object.fromEntries(Object.entries(row).map(([k, c]) => [k, c.written]));

export async function parquetOf(columns: Record<string, Vector>): Promise<Uint8Array> {
  return writeParquetFromIPC(tableToIPC(new Table(columns), 'stream'));
}

export async function loadOne(engine: Engine, name: string, bytes: Uint8Array) {
  const report = await loadFiles(engine, [{ name, bytes, origin: 'own' }]);
  return { file: report.files[0], rejected: report.rejected };
}

/** The rows `table` holds, by the source line each came from. */
export async function rowsByLine(engine: Engine, table: DataTable): Promise<Map<number, Record<string, unknown>>> {
  const rows = await engine.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
  return new Map(rows.map((r) => [Number(r.source_line), r]));
}

/** Every table's row count in DuckDB, summed. */
export async function rowsInDb(engine: Engine): Promise<number> {
  const [{ n }] = await engine.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM evaluations) + (SELECT count(*) FROM indicators) + (SELECT count(*) FROM spending) + (SELECT count(*) FROM staffing))::INTEGER AS n`,
  );
  return n;
}

export const canonical = (d: Decimal.Value) => new Decimal(d).toFixed();
