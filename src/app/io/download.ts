// Saving rows as a file the browser downloads (every table's export, the SQL workbench): CSV for
// Excel on a Chinese Windows (csvBytes: BOM, CRLF, formula guard), .xlsx (format/xlsx.ts, loaded on
// demand) and Parquet (Arrow IPC → parquet-wasm).
// Nothing leaves the page: the bytes become a blob: URL clicked with a `download` name.
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { SqlParam } from '../../db/engine';
import { csvBytes } from '../../format/csv';
import { tableCsvBytes, type ExportTable } from '../../format/export-table';
import { setParquetWasm, writeParquetFromIPC } from '../../ingest/parquet';
import { engineForQuery } from '../state/session.svelte';

// parquet-wasm fetches its .wasm from this app's own origin, only when a Parquet export is asked for.
setParquetWasm(wasmUrl);

export function saveBytes(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves rows as CSV with the given columns (and headers, when they differ from the column names). */
export function saveCsv(columns: string[], rows: Record<string, unknown>[], name: string, headers?: string[]): void {
  saveBytes(csvBytes(columns, rows, headers), name, 'text/csv;charset=utf-8');
}

/** A table's file name: its name without characters file systems refuse. */
const fileName = (table: ExportTable, ext: string) => `${(table.file ?? table.name).replace(/[\\/:*?"<>|]/g, '_')}.${ext}`;

/** Saves a table as Excel-safe CSV or as a workbook (its writer is loaded only when one is asked for). */
export async function saveTable(table: ExportTable, kind: 'csv' | 'xlsx'): Promise<void> {
  if (kind === 'csv') return saveBytes(tableCsvBytes(table), fileName(table, 'csv'), 'text/csv;charset=utf-8');
  const { xlsxBytes } = await import('../../format/xlsx');
  saveBytes(xlsxBytes(table), fileName(table, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

/** Saves an Arrow IPC result as Parquet. */
export async function saveParquet(ipc: Uint8Array, name: string): Promise<void> {
  saveBytes(await writeParquetFromIPC(ipc), name, 'application/vnd.apache.parquet');
}

/** Runs `sql` and saves its result as Parquet. */
export async function downloadParquet(sql: string, params: SqlParam[], name: string): Promise<void> {
  await saveParquet(await (await engineForQuery()).queryIPC(sql, params), name);
}
