// ParsedFile → DuckDB. Rows arrive as text, are staged through Arrow and CAST to their DECIMAL /
// INTEGER columns in SQL, so no amount ever passes through a binary float. A file that repeats
// what is already loaded replaces it (and says how many rows it replaced); nothing is counted twice.
import type { Engine } from '../db/engine';
import { DATA_TABLES, type DataTable } from '../db/schema';
import { parseFile } from './parse';
import { columnsIPC } from './stage';
import type { LoadedFile, LoadReport, Origin, ParsedFile, Progress, Rejected } from './types';

const STAGE = 'ingest_stage';

/** Column list of a table in DuckDB, with each column's SQL type. */
async function targetColumns(engine: Engine, table: DataTable): Promise<{ name: string; type: string }[]> {
  return engine.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`,
    [table],
  );
}

/**
 * The rows already loaded that the staged ones replace: same eval_id, or the same form by region,
 * department, year, kind and project; the same 附件1 line; the same staffing row.
 */
const REPLACED: Record<DataTable, string> = {
  evaluations: `FROM evaluations t WHERE t.eval_id IN (SELECT eval_id FROM ${STAGE})
      OR (coalesce(t.region,''), t.department, t.year, t.kind, coalesce(t.project,'')) IN
         (SELECT (coalesce(region,''), department, CAST(year AS INTEGER), kind, coalesce(project,'')) FROM ${STAGE})`,
  indicators: `FROM indicators t WHERE t.eval_id IN (SELECT eval_id FROM ${STAGE})`,
  spending: `FROM spending t WHERE (coalesce(t.region,''), t.department, t.year, coalesce(t.parent,''), t.item) IN
         (SELECT (coalesce(region,''), department, CAST(year AS INTEGER), coalesce(parent,''), item) FROM ${STAGE})`,
  staffing: `FROM staffing t WHERE (coalesce(t.region,''), t.department, t.year) IN
         (SELECT (coalesce(region,''), department, CAST(year AS INTEGER)) FROM ${STAGE})`,
};

export async function loadParsed(engine: Engine, parsed: ParsedFile, origin: Origin): Promise<LoadedFile> {
  const notes = [...parsed.notes];
  // Loading a file of the same name again replaces its bookkeeping along with its rows.
  const previous = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM loaded_files WHERE file = ?`, [parsed.file]);
  if (previous[0].n > 0) {
    await engine.query(`DELETE FROM loaded_files WHERE file = ?`, [parsed.file]);
    await engine.query(`DELETE FROM rejected_rows WHERE file = ?`, [parsed.file]);
    notes.push('同名文件此前已载入：已用本次内容替换');
  }
  let rowsLoaded = 0;
  let rowsReplaced = 0;
  const table = parsed.table;
  if (table && parsed.staged) {
    await engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
    await engine.insertIPC(STAGE, parsed.staged, true);
    const replaced = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n ${REPLACED[table]}`);
    rowsReplaced = replaced[0].n;
    if (table === 'evaluations') {
      // A form replaced under another eval_id takes its old indicator rows with it.
      await engine.exec(`DELETE FROM indicators WHERE eval_id IN (SELECT t.eval_id ${REPLACED.evaluations})
        AND eval_id NOT IN (SELECT eval_id FROM ${STAGE})`);
    }
    await engine.exec(`DELETE ${REPLACED[table]}`);
    const cols = await targetColumns(engine, table);
    const staged = new Set([...parsed.columns, 'source_line']);
    const select = cols.map(({ name, type }) => {
      if (name === 'source_file') return `? AS source_file`;
      if (!staged.has(name)) return `NULL AS ${name}`;
      return type === 'VARCHAR' ? name : `CAST(${name} AS ${type}) AS ${name}`;
    });
    await engine.query(`INSERT INTO ${table} SELECT ${select.join(', ')} FROM ${STAGE}`, [parsed.file]);
    await engine.exec(`DROP TABLE ${STAGE}`);
    rowsLoaded = parsed.rowCount;
    if (rowsReplaced > 0) notes.push(`替换了此前已载入的 ${rowsReplaced} 行（同一表单或同一经费行），未重复计数`);
  }
  if (parsed.rejected.length > 0) {
    // One insert for all of them: a broken export can reject hundreds of thousands of rows.
    const ipc = columnsIPC(
      { file: parsed.rejected.map((r) => r.file), reason: parsed.rejected.map((r) => r.reason) },
      { line: parsed.rejected.map((r) => r.line) },
    );
    await engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
    await engine.insertIPC(STAGE, ipc, true);
    await engine.exec(`INSERT INTO rejected_rows SELECT file, line, reason FROM ${STAGE}; DROP TABLE ${STAGE}`);
  }
  const loaded: LoadedFile = {
    file: parsed.file, table, origin, rowsRead: parsed.rowsRead, rowsLoaded,
    rowsRejected: parsed.rejected.filter((r) => r.line != null).length, rowsReplaced, notes,
  };
  await engine.query(`INSERT INTO loaded_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
    loaded.file, table, origin, loaded.rowsRead, rowsLoaded, loaded.rowsRejected, rowsReplaced, notes.join('；') || null,
  ]);
  return loaded;
}

export interface InputFile {
  name: string;
  bytes: Uint8Array;
  origin: Origin;
}

/** Parses and loads files in order (evaluations before indicators does not matter: ids join later). */
export async function loadFiles(engine: Engine, files: InputFile[], onProgress?: Progress): Promise<LoadReport> {
  const report: LoadReport = { files: [], rejected: [] };
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const parsed = await parseFile(f.name, f.bytes);
    report.files.push(await loadParsed(engine, parsed, f.origin));
    report.rejected.push(...parsed.rejected);
    onProgress?.(i + 1, files.length);
  }
  return report;
}

/**
 * Takes a loaded file back out: its rows (those no later file has replaced), its rejected rows and
 * its entry in the file list. Returns how many data rows went.
 */
export async function removeFile(engine: Engine, file: string): Promise<number> {
  let removed = 0;
  for (const table of DATA_TABLES) {
    const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE source_file = ?`, [file]);
    if (n > 0) await engine.query(`DELETE FROM ${table} WHERE source_file = ?`, [file]);
    removed += n;
  }
  await engine.query(`DELETE FROM rejected_rows WHERE file = ?`, [file]);
  await engine.query(`DELETE FROM loaded_files WHERE file = ?`, [file]);
  return removed;
}

/** The load report as the tables keep it: for a dataset opened from its files, where no ingest ran here. */
export async function loadReportFromTables(engine: Engine): Promise<LoadReport> {
  const files = await engine.query<{ file: string; table_name: DataTable | null; origin: Origin; rows_read: number; rows_loaded: number; rows_rejected: number; rows_replaced: number; note: string | null }>(
    `SELECT * FROM loaded_files ORDER BY file`,
  );
  const rejected = await engine.query<Rejected>(`SELECT file, line, reason FROM rejected_rows ORDER BY file, line NULLS FIRST`);
  return {
    files: files.map((f) => ({
      file: f.file, table: f.table_name, origin: f.origin, rowsRead: f.rows_read, rowsLoaded: f.rows_loaded,
      rowsRejected: f.rows_rejected, rowsReplaced: f.rows_replaced, notes: f.note ? f.note.split('；') : [],
    })),
    rejected,
  };
}
