// ParsedFile → DuckDB. Rows arrive as text, are staged through Arrow and CAST to their DECIMAL /
// INTEGER columns in SQL, so no amount ever passes through a binary float.
//
// A file is known by its name (a path: folder + name); a file may hold several parts (tables), and
// its bookkeeping is one row per part in loaded_files. Files come in loads: one batch (a loadFiles
// call, one pick or drop on the page) under one load id. What is already loaded is replaced, and
// counted as replaced, never twice:
// - a file loaded again replaces everything of its earlier version (rows, rejects, bookkeeping);
// - a form, 附件1 line or staffing row already loaded is replaced by the same one in a later file;
// - a form read whole from a document (its 自评表) replaces the same form loaded before, in this load
//   or an earlier one, with all its rows: its indicators go too;
// - a form's indicators from an earlier load are replaced by the indicators a later load brings for
//   it, while those from several export files of one load (one file per 一级指标, per batch) add up,
//   and a row repeating one already taken in the same load is rejected as a duplicate.
import type { Engine } from '../db/engine';
import { DATA_TABLES, type DataTable } from '../db/schema';
import { raw, sql } from '../db/sql';
import { deriveEvalId } from './evalId';
import { readFile, type ReadOptions } from './read';
import { columnsIPC } from './stage';
import type { LoadedFile, LoadReport, Origin, ParsedFile, Progress, Rejected } from './types';

const STAGE = 'ingest_stage';
/** The staged rows with their table's types, `source_file` set, and `_ord` (their order in the part). */
const TYPED = 'ingest_typed';
const DUPLICATES = 'ingest_duplicates';

/** Column list of a table in DuckDB, with each column's SQL type. */
async function targetColumns(engine: Engine, table: DataTable): Promise<{ name: string; type: string }[]> {
  return engine.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`,
    [table],
  );
}

const formKey = (a: string) => `(coalesce(${a}region,''), ${a}department, ${a}year, ${a}kind, coalesce(${a}project,''))`;

/**
 * The rows already loaded that the typed ones replace: same eval_id, or the same form by region,
 * department, year, kind and project; the same 附件1 line; the same staffing row. (Indicators: see
 * loadIndicators.)
 */
const REPLACED: Record<Exclude<DataTable, 'indicators'>, string> = {
  evaluations: `t.eval_id IN (SELECT eval_id FROM ${TYPED}) OR ${formKey('t.')} IN (SELECT ${formKey('')} FROM ${TYPED})`,
  spending: `(coalesce(t.region,''), t.department, t.year, coalesce(t.parent,''), t.item) IN
         (SELECT (coalesce(region,''), department, year, coalesce(parent,''), item) FROM ${TYPED})`,
  staffing: `(coalesce(t.region,''), t.department, t.year) IN (SELECT (coalesce(region,''), department, year) FROM ${TYPED})`,
};

/** What makes two indicator rows of a form the same row (seq and the derived measures aside). */
const INDICATOR_CELLS = ['level1', 'level2', 'level3', 'target', 'actual', 'weight', 'score', 'deviation'];

// A Map, not an object: the keys are file names, and a file may be called __proto__.
const parseReplacedBy = (json: string | null): Map<string, number> => new Map(json ? Object.entries(JSON.parse(json) as Record<string, number>) : []);

/**
 * Deletes the rows of `table` matching `where` (alias t) on behalf of `byFile`, and writes down
 * in each losing file's bookkeeping that `byFile` took them. Returns how many went.
 */
async function takeOver(engine: Engine, table: DataTable, where: string, params: (string | number)[], byFile: string): Promise<number> {
  const losers = await engine.query<{ file: string; n: number }>(
    `SELECT source_file AS file, count(*)::INTEGER AS n FROM ${table} t WHERE ${where} GROUP BY source_file`,
    params,
  );
  if (losers.length === 0) return 0;
  await engine.query(`DELETE FROM ${table} t WHERE ${where}`, params);
  for (const { file, n } of losers) {
    const [row] = await engine.query<{ replaced_by: string | null }>(
      `SELECT replaced_by FROM loaded_files WHERE file = ? AND table_name = ?`,
      [file, table],
    );
    if (!row) continue;
    const by = parseReplacedBy(row.replaced_by);
    by.set(byFile, (by.get(byFile) ?? 0) + n);
    await engine.query(`UPDATE loaded_files SET replaced_by = ? WHERE file = ? AND table_name = ?`, [JSON.stringify(Object.fromEntries(by)), file, table]);
  }
  return losers.reduce((a, l) => a + l.n, 0);
}


/**
 * Takes out everything an earlier version of `file` left: its rows (returned per table, they count
 * as replaced by the new version), rejects and bookkeeping.
 */
async function forget(engine: Engine, file: string): Promise<{ previous: boolean; rows: Map<DataTable, number> }> {
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM loaded_files WHERE file = ?`, [file]);
  const rows = new Map<DataTable, number>();
  for (const table of DATA_TABLES) {
    const [{ n: own }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE source_file = ?`, [file]);
    if (own === 0) continue;
    await engine.query(`DELETE FROM ${table} WHERE source_file = ?`, [file]);
    rows.set(table, own);
  }
  await engine.query(`DELETE FROM rejected_rows WHERE file = ?`, [file]);
  await engine.query(`DELETE FROM loaded_files WHERE file = ?`, [file]);
  return { previous: n > 0, rows };
}

/**
 * A form loaded before under another 评价编号 (same region, department, year, kind, project) that
 * the typed evaluations replace: its indicators go with it, and the file's notes say which form,
 * from which file, with how many indicators.
 */
async function formsRenumbered(engine: Engine, file: string): Promise<string[]> {
  const forms = await engine.query<{ old_id: string; new_id: string; file: string; region: string | null; department: string; year: number; kind: string; project: string | null; indicators: number }>(
    `SELECT t.eval_id AS old_id, k.eval_id AS new_id, t.source_file AS file, t.region, t.department, t.year, t.kind, t.project,
            (SELECT count(*)::INTEGER FROM indicators i WHERE i.eval_id = t.eval_id) AS indicators
     FROM evaluations t JOIN ${TYPED} k ON ${formKey('t.')} = ${formKey('k.')}
     WHERE t.eval_id NOT IN (SELECT eval_id FROM ${TYPED}) ORDER BY t.eval_id`,
  );
  if (forms.length === 0) return [];
  const renumbered = `SELECT e.eval_id FROM evaluations e JOIN ${TYPED} k ON ${formKey('e.')} = ${formKey('k.')} WHERE e.eval_id NOT IN (SELECT eval_id FROM ${TYPED})`;
  await takeOver(engine, 'indicators', `t.eval_id IN (${renumbered})`, [], file);
  const notes = forms.map(
    (f) =>
      `表单「${deriveEvalId(f.region, f.department, String(f.year), f.kind, f.project)}」以新评价编号 ${f.new_id} 载入：` +
      `替换了此前的评价编号 ${f.old_id}（来自 ${f.file}）及其 ${f.indicators} 条指标`,
  );
  return shown(notes, (n) => `另有 ${n} 张表单同样以新评价编号替换了此前的表单及其指标`);
}

/** At most SHOWN notes of a list, then how many more there are. */
function shown(notes: string[], more: (n: number) => string): string[] {
  const SHOWN = 20;
  return notes.length > SHOWN ? [...notes.slice(0, SHOWN), more(notes.length - SHOWN)] : notes;
}

/**
 * Forms read whole (a document's 自评表) replace the same forms loaded before — from an earlier
 * file of this load or an earlier load, under the same 评价编号 — with all their rows: the
 * indicators loaded for them go as well (the document's own follow in its indicators part), and
 * the file's notes name each form replaced, its file and its indicators.
 */
async function formsReplacedWhole(engine: Engine, file: string): Promise<string[]> {
  const q = sql`SELECT t.region, t.department, t.year, t.kind, t.project, t.source_file AS file,
                  (SELECT count(*)::INTEGER FROM indicators i WHERE i.eval_id = t.eval_id) AS indicators
                FROM evaluations t WHERE t.eval_id IN (SELECT eval_id FROM ${raw(TYPED)}) ORDER BY t.eval_id`;
  const forms = await engine.query<{ region: string | null; department: string; year: number; kind: string; project: string | null; file: string; indicators: number }>(q.sql, q.params);
  await takeOver(engine, 'indicators', `t.eval_id IN (SELECT eval_id FROM ${TYPED}) AND t.source_file <> ?`, [file], file);
  const notes = forms.map(
    (f) => `表单「${deriveEvalId(f.region, f.department, String(f.year), f.kind, f.project)}」整张替换了此前来自 ${f.file} 的同一表单（连同其 ${f.indicators} 条指标）`,
  );
  return shown(notes, (n) => `另有 ${n} 张表单同样整张替换了此前载入的同一表单`);
}

/**
 * Indicators: rows of these forms from an earlier load go; a form continued from an earlier file of
 * this load carries its merged cells on; rows repeating one already taken in this load (or earlier
 * in this file) are rejected; the rest are appended, seq continuing after the form's rows already
 * there. Returns the rows taken, the rows replaced and the duplicates.
 */
async function loadIndicators(engine: Engine, file: string, loadId: number): Promise<{ loaded: number; replaced: number; duplicates: Rejected[] }> {
  // Whether any form of the part already has rows: when none has (a fresh file, the usual case),
  // nothing is taken over, continued or repeated from earlier rows, and the steps that compare the
  // part with every indicator row loaded so far are skipped — run for each of many files, they made
  // a load's cost grow with the square of its files.
  const [{ overlap }] = await engine.query<{ overlap: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM indicators WHERE eval_id IN (SELECT eval_id FROM ${TYPED})) AS overlap`,
  );
  const replaced = !overlap ? 0 : await takeOver(
    engine,
    'indicators',
    `t.eval_id IN (SELECT eval_id FROM ${TYPED}) AND t.source_file NOT IN (SELECT file FROM loaded_files WHERE load_id = ?)`,
    [loadId],
    file,
  );
  // A form continued from an earlier file of this load: the blank 一级/二级 it starts with (merged
  // cells cut by the split) are those of the form's last row so far, as rows.ts fills within a file.
  if (overlap) await engine.exec(`UPDATE ${TYPED} AS k SET level1 = p.level1, level2 = coalesce(k.level2, p.level2)
    FROM (SELECT eval_id, arg_max(level1, seq) AS level1, arg_max(level2, seq) AS level2 FROM indicators
          WHERE eval_id IN (SELECT eval_id FROM ${TYPED}) GROUP BY eval_id) p
    WHERE k.level1 IS NULL AND k.eval_id = p.eval_id`);
  const same = (a: string, b: string) => INDICATOR_CELLS.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');
  const cells = ['eval_id', ...INDICATOR_CELLS].join(', ');
  // Repeats within the part: the rows of a group of equal cells after its first (a hash aggregate
  // finds the groups; a window over the cells would sort every row by all of them).
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${DUPLICATES} AS
    WITH prior AS (
      SELECT k._ord, arg_min(t.source_file, t.seq) AS file, arg_min(t.source_line, t.seq) AS line
      FROM ${TYPED} k JOIN indicators t ON t.eval_id = k.eval_id AND ${same('t', 'k')} ${overlap ? '' : 'WHERE false'} GROUP BY k._ord
    ), repeated AS (
      SELECT ${cells}, min(_ord) AS first_ord, arg_min(source_line, _ord) AS first_line FROM ${TYPED} GROUP BY ALL HAVING count(*) > 1
    ), inside AS (
      SELECT k._ord, g.first_line FROM ${TYPED} k JOIN repeated g ON k.eval_id = g.eval_id AND ${same('k', 'g')} WHERE k._ord > g.first_ord
    ), hit AS (SELECT _ord FROM prior UNION SELECT _ord FROM inside)
    SELECT h._ord::INTEGER AS ord, k.source_line AS line, p.file AS dup_file, coalesce(p.line, i.first_line) AS dup_line
    FROM hit h JOIN ${TYPED} k USING (_ord) LEFT JOIN prior p USING (_ord) LEFT JOIN inside i USING (_ord)`);
  const dups = await engine.query<{ line: number | null; dup_file: string | null; dup_line: number | null }>(`SELECT * FROM ${DUPLICATES} ORDER BY ord`);
  const duplicates = dups.map((d) => ({
    file,
    line: d.line,
    reason: d.dup_file == null
      ? `与本文件第 ${d.dup_line} 行重复（同一表单的同一条指标）`
      : `与 ${d.dup_file} 第 ${d.dup_line} 行重复（同一表单的同一条指标，同一批载入）`,
  }));
  const cols = await targetColumns(engine, 'indicators');
  // A form's rows are numbered on from its rows already there, in their order, without the
  // duplicates. When there are none of either and each form's rows come numbered 1…n (as rows.ts
  // numbers them), that numbering is theirs already and they go in as they are.
  const [{ renumber }] = await engine.query<{ renumber: boolean }>(
    `SELECT ${dups.length > 0 || overlap}
       OR EXISTS (SELECT 1 FROM ${TYPED} GROUP BY eval_id
                  HAVING count(seq) <> count(*) OR min(seq) <> 1 OR max(seq) <> count(*) OR count(DISTINCT seq) <> count(*)) AS renumber`,
  );
  const select = cols.map(({ name }) =>
    name === 'seq' && renumber ? `(coalesce(m.top, 0) + row_number() OVER (PARTITION BY k.eval_id ORDER BY k.seq, k._ord))::INTEGER AS seq` : `k.${name}`,
  );
  const numbering = renumber
    ? `LEFT JOIN (SELECT eval_id, max(seq) AS top FROM indicators WHERE eval_id IN (SELECT eval_id FROM ${TYPED}) GROUP BY eval_id) m USING (eval_id)
       WHERE k._ord NOT IN (SELECT ord FROM ${DUPLICATES})`
    : '';
  await engine.exec(`INSERT INTO indicators SELECT ${select.join(', ')} FROM ${TYPED} k ${numbering}; DROP TABLE ${DUPLICATES}`);
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${TYPED}`);
  return { loaded: n - dups.length, replaced, duplicates };
}

/**
 * A staged text column CAST to its type. DuckDB-WASM reads text into a DECIMAL wider than 18 digits
 * (a 128-bit integer: money is DECIMAL(38,6)) some 50 times slower than into one of 18 (64 bits);
 * every value the ingest stages is checked to fit its column, and all but the very largest fit 18
 * digits, so those go through the narrow type and only the rest are read wide.
 */
export function castFromText(column: string, type: string): string {
  const wide = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (!wide || Number(wide[1]) <= 18) return `CAST(${column} AS ${type})`;
  return `coalesce(CAST(TRY_CAST(${column} AS DECIMAL(18,${wide[2]})) AS ${type}), CAST(${column} AS ${type}))`;
}

/** One part of a file into its table; its rejects and its bookkeeping row. */
async function loadPart(engine: Engine, part: ParsedFile, origin: Origin, loadId: number, previous: { notes: string[]; rows: number }): Promise<{ loaded: LoadedFile; rejected: Rejected[] }> {
  const notes = [...part.notes, ...previous.notes];
  const rejected = [...part.rejected];
  let rowsLoaded = 0;
  let rowsReplaced = previous.rows;
  const table = part.table;
  if (table && part.staged) {
    await engine.exec(`DROP TABLE IF EXISTS ${STAGE}; DROP TABLE IF EXISTS ${TYPED}`);
    await engine.insertIPC(STAGE, part.staged, true);
    const cols = await targetColumns(engine, table);
    const staged = new Set([...part.columns, 'source_line']);
    const select = cols.map(({ name, type }) => {
      if (name === 'source_file') return `?::VARCHAR AS source_file`;
      if (!staged.has(name)) return `NULL::${type} AS ${name}`;
      return type === 'VARCHAR' ? name : `${castFromText(name, type)} AS ${name}`;
    });
    await engine.query(
      // rowid: the order the rows were staged in, which is the part's (line order for an export).
      `CREATE TEMP TABLE ${TYPED} AS SELECT ${select.join(', ')}, rowid + 1 AS _ord FROM ${STAGE}`,
      [part.file],
    );
    await engine.exec(`DROP TABLE ${STAGE}`);
    if (table === 'indicators') {
      const r = await loadIndicators(engine, part.file, loadId);
      rowsLoaded = r.loaded;
      rowsReplaced += r.replaced;
      rejected.push(...r.duplicates);
      if (r.duplicates.length) notes.push(`拒收与同一表单已有指标完全相同的行 ${r.duplicates.length} 行`);
    } else {
      if (table === 'evaluations') notes.push(...(await formsRenumbered(engine, part.file)));
      if (table === 'evaluations' && part.wholeForms) notes.push(...(await formsReplacedWhole(engine, part.file)));
      rowsReplaced += await takeOver(engine, table, REPLACED[table], [], part.file);
      await engine.exec(`INSERT INTO ${table} SELECT * EXCLUDE (_ord) FROM ${TYPED}`);
      rowsLoaded = part.rowCount;
    }
    await engine.exec(`DROP TABLE ${TYPED}`);
    if (rowsReplaced > 0) notes.push(`替换了此前已载入的 ${rowsReplaced} 行（同一表单或同一经费行），未重复计数`);
  }
  if (rejected.length > 0) {
    // One insert for all of them: a broken export can reject hundreds of thousands of rows.
    const ipc = columnsIPC(
      { file: rejected.map((r) => r.file), reason: rejected.map((r) => r.reason) },
      { line: rejected.map((r) => r.line) },
    );
    await engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
    await engine.insertIPC(STAGE, ipc, true);
    await engine.exec(`INSERT INTO rejected_rows SELECT file, line, reason FROM ${STAGE}; DROP TABLE ${STAGE}`);
  }
  const loaded: LoadedFile = {
    file: part.file, table, origin, rowsRead: part.rowsRead, rowsLoaded,
    rowsRejected: rejected.filter((r) => r.line != null).length, rowsReplaced, notes,
    loadId, rowsPresent: rowsLoaded, rowsReplacedLater: 0, replacedBy: [],
  };
  await engine.query(
    `INSERT INTO loaded_files (file, table_name, origin, rows_read, rows_loaded, rows_rejected, rows_replaced, note, load_id, rows_present)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [loaded.file, table, origin, loaded.rowsRead, rowsLoaded, loaded.rowsRejected, rowsReplaced, notes.join('；') || null, loadId, rowsLoaded],
  );
  return { loaded, rejected };
}

/**
 * Loads every part of one file (what readFile returned for it) under `loadId`. An earlier version of
 * the file is replaced once, whatever parts either version has. Counts of other files' rows that
 * this file replaces are right once the load ends (asOneLoad).
 */
export async function loadParts(engine: Engine, parts: ParsedFile[], origin: Origin, loadId: number): Promise<{ files: LoadedFile[]; rejected: Rejected[] }> {
  const file = parts[0].file;
  const earlier = await forget(engine, file);
  const files: LoadedFile[] = [];
  const rejected: Rejected[] = [];
  parts.forEach((p, i) => {
    if (p.file !== file) throw new Error(`parts of one file must share its name: ${p.file} ≠ ${file}`);
    if (parts.findIndex((q) => q.table === p.table) !== i) throw new Error(`${file}: two parts of table ${p.table}`);
  });
  for (const [i, part] of parts.entries()) {
    const notes = i === 0 && earlier.previous ? ['同名文件此前已载入：已用本次内容替换'] : [];
    const r = await loadPart(engine, part, origin, loadId, { notes, rows: (part.table && earlier.rows.get(part.table)) || 0 });
    files.push(r.loaded);
    rejected.push(...r.rejected);
  }
  return { files, rejected };
}

/** Counts, for every file, how many of its rows the tables still hold: later files may have taken some. */
async function countPresent(engine: Engine): Promise<void> {
  const present = DATA_TABLES.map((t) => `SELECT '${t}' AS t, source_file AS f, count(*)::INTEGER AS n FROM ${t} GROUP BY source_file`).join(' UNION ALL ');
  await engine.exec(`
    CREATE OR REPLACE TEMP TABLE ingest_present AS ${present};
    UPDATE loaded_files SET rows_present = coalesce((SELECT n FROM ingest_present p WHERE p.t = loaded_files.table_name AND p.f = loaded_files.file), 0);
    DROP TABLE ingest_present;`);
}

/**
 * One load: `work` loads its files (loadParts) under a new load id. Afterwards — also when `work`
 * failed half-way, without hiding why — every file's rows still present are counted again, and the
 * load's files come back as the tables now count them.
 */
export async function asOneLoad(engine: Engine, work: (loadId: number) => Promise<void>): Promise<LoadedFile[]> {
  const [{ id }] = await engine.query<{ id: number }>(`SELECT (coalesce(max(load_id), 0) + 1)::INTEGER AS id FROM loaded_files`);
  try {
    await work(id);
  } catch (e) {
    await countPresent(engine).catch(() => undefined);
    throw e;
  }
  await countPresent(engine);
  return loadedFileAccounts(engine, id);
}

export interface InputFile {
  name: string;
  bytes: Uint8Array;
  origin: Origin;
}

/**
 * Reads and loads files in order, as one load (evaluations before indicators does not matter: ids
 * join later). The report's files are as the tables count them once the whole batch is in.
 */
export async function loadFiles(engine: Engine, files: InputFile[], options: ReadOptions = {}, onProgress?: Progress): Promise<LoadReport> {
  // By file: a name given twice is loaded twice, the second replacing the first.
  const rejected = new Map<string, Rejected[]>();
  const loaded = await asOneLoad(engine, async (loadId) => {
    for (const [i, f] of files.entries()) {
      const r = await loadParts(engine, await readFile(f.name, f.bytes, options), f.origin, loadId);
      rejected.delete(f.name);
      rejected.set(f.name, r.rejected);
      onProgress?.(i + 1, files.length);
    }
  });
  return { files: loaded, rejected: [...rejected.values()].flat() };
}

/**
 * Takes a loaded file back out, every part of it: its rows (those no later file has replaced), its
 * rejected rows and its entries in the file list. Returns how many data rows went.
 */
export async function removeFile(engine: Engine, file: string): Promise<number> {
  const { rows } = await forget(engine, file);
  return [...rows.values()].reduce((a, n) => a + n, 0);
}

/** Every loaded file part (or those of one load), in the order loaded, with what became of its rows. */
export async function loadedFileAccounts(engine: Engine, loadId?: number): Promise<LoadedFile[]> {
  const rows = await engine.query<{ file: string; table_name: DataTable | null; origin: Origin; rows_read: number; rows_loaded: number; rows_rejected: number; rows_replaced: number; note: string | null; load_id: number; rows_present: number | null; replaced_by: string | null }>(
    `SELECT * FROM loaded_files ${loadId == null ? '' : 'WHERE load_id = ?'} ORDER BY rowid`,
    loadId == null ? [] : [loadId],
  );
  return rows.map((f) => {
    const present = f.rows_present ?? f.rows_loaded;
    return {
      file: f.file, table: f.table_name, origin: f.origin, rowsRead: f.rows_read, rowsLoaded: f.rows_loaded,
      rowsRejected: f.rows_rejected, rowsReplaced: f.rows_replaced, notes: f.note ? f.note.split('；') : [],
      loadId: f.load_id, rowsPresent: present, rowsReplacedLater: f.rows_loaded - present,
      replacedBy: [...parseReplacedBy(f.replaced_by)].map(([file, rows]) => ({ file, rows })),
    };
  });
}

/** The load report as the tables keep it: for a dataset opened from its files, where no ingest ran here. */
export async function loadReportFromTables(engine: Engine): Promise<LoadReport> {
  const rejected = await engine.query<Rejected>(`SELECT file, line, reason FROM rejected_rows ORDER BY file, line NULLS FIRST`);
  return { files: await loadedFileAccounts(engine), rejected };
}
