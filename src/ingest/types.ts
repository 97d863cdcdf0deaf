// What ingest produces and reports. Pure data: no DuckDB, no DOM, so it can run in a Web Worker.
import type { DataTable } from '../db/schema';

/** Where a file came from: the real seed department, the generated sample, or the user's own. */
export type Origin = 'real' | 'sample' | 'own';

export interface Rejected {
  file: string;
  /** The line a text editor shows (header = line 1); null when the whole file is refused. */
  line: number | null;
  reason: string;
}

/**
 * One file after decoding and parsing: rows normalised to the contract (every cell a string or
 * null), staged as an Arrow IPC stream ready for DuckDB — built where parsing runs (a worker in the
 * browser), so the page never handles row by row.
 */
export interface ParsedFile {
  file: string;
  /** null when the file was refused (unknown headers, undecodable, empty). */
  table: DataTable | null;
  encoding: string | null;
  /** Canonical column names of the staged rows. */
  columns: string[];
  /** Rows taken. */
  rowCount: number;
  /** Arrow IPC stream: `columns` as text plus `source_line` (the editor line each row started on); null when no row was taken. */
  staged: Uint8Array | null;
  rejected: Rejected[];
  /** Data rows seen in the file (rowCount + rows rejected). */
  rowsRead: number;
  /** Things worth saying that reject nothing, e.g. an unknown column that was left out. */
  notes: string[];
  /**
   * Evaluations read whole with their indicators (a document's 自评表), not a table of an export:
   * each replaces a form loaded before with all its rows, in the same load too (load.ts).
   */
  wholeForms?: boolean;
}

export interface LoadedFile {
  file: string;
  table: DataTable | null;
  origin: Origin;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Rows already loaded (same form, same spending line …) that this file replaced. */
  rowsReplaced: number;
  notes: string[];
  /** The batch the file came in: indicators of one form from several files of one load add up. */
  loadId: number;
  /** Of rowsLoaded, how many are still in the tables (counted there, after the last load). */
  rowsPresent: number;
  /** rowsLoaded - rowsPresent: taken over since by later files (same form, same line …). */
  rowsReplacedLater: number;
  /** Which later files took them, and how many each. */
  replacedBy: { file: string; rows: number }[];
}

export interface LoadReport {
  files: LoadedFile[];
  rejected: Rejected[];
}

export type Progress = (done: number, total: number) => void;
