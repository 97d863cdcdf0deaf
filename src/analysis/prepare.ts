// Tables the rules share, computed once at the start of every analysis pass (runRules, ../findings.ts)
// instead of once per rule: normalising a million indicator texts, filling down merged cells and
// classifying 附件1 lines cost more than most rules themselves, and many rules need the same ones.
// They describe the data as the last analysis saw it, like `findings`; each rule's SQL reads them
// by name, so it still runs on its own in the SQL view after an analysis.
import type { Engine } from '../db/engine';
import { FULL_MARKS_CTE, SANGONG_CTE, departmentKey, norm, textKey } from './rules/sql';

export interface PreparedTable {
  name: string;
  sql: string;
}

/**
 * normalised_texts(text, norm, key): every distinct text a rule compares — the indicators' 三级指标,
 * 指标值, 实际完成值 and 偏差原因, the forms' project and goals, the 附件1 items — with its norm() and
 * textKey(). A province holds ~1 M indicator rows but ~100 k distinct texts, and norm() (a translate
 * and a Unicode regex) is the costly part.
 */
const NORMALISED_TEXTS = `
SELECT text, n AS norm, ${textKey('n')} AS key
FROM (
  SELECT text, ${norm('text')} AS n
  FROM (
    SELECT level3 AS text FROM indicators
    UNION SELECT target FROM indicators
    UNION SELECT actual FROM indicators
    UNION SELECT deviation FROM indicators
    UNION SELECT project FROM evaluations
    UNION SELECT goal_target FROM evaluations
    UNION SELECT goal_actual FROM evaluations
    UNION SELECT item FROM spending
  )
  WHERE text IS NOT NULL
)`;

/**
 * form_indicators: every indicator row with its form's year and department (`dept`, departmentKey():
 * region and name; the names themselves are in evaluations); the merged-cell levels filled down within
 * the form (l1, l2: the 一级/二级指标 as written, or the nearest non-blank one above); `is_sub`, a
 * breakdown line (其中…) with neither weight nor score under a scored indicator, which is not an
 * indicator of its own; and the texts as keys (level3_key, target_key, actual_key, deviation_key:
 * textKey(norm(…)), NULL when blank). Ingest already fills levels down, so the window runs only over
 * the forms that still have a gap or an unscored row — none, usually — and the other rows keep their
 * own levels. A level is blank when trim() leaves nothing; trim() strips only space characters, all
 * of which sort below 一 (U+4E00), so a level name at or above it is not even trimmed.
 */
const FORM_INDICATORS = `
WITH gaps AS (
  SELECT DISTINCT eval_id FROM indicators
  WHERE level1 IS NULL OR level2 IS NULL OR (level1 < '一' AND trim(level1) = '') OR (level2 < '一' AND trim(level2) = '')
    OR (weight IS NULL AND score IS NULL)
),
filled AS (
  SELECT eval_id, seq,
    last_value(CASE WHEN trim(level1) <> '' THEN level1 END IGNORE NULLS) OVER (PARTITION BY eval_id ORDER BY seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS l1,
    last_value(CASE WHEN trim(level2) <> '' THEN level2 END IGNORE NULLS) OVER (PARTITION BY eval_id ORDER BY seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS l2,
    weight IS NULL AND score IS NULL AND coalesce(bool_or(weight IS NOT NULL OR score IS NOT NULL) OVER (PARTITION BY eval_id
      ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS is_sub
  FROM indicators WHERE eval_id IN (SELECT eval_id FROM gaps)
)
SELECT i.eval_id, i.seq, e.year, e.dept,
  CASE WHEN f.eval_id IS NULL THEN i.level1 ELSE f.l1 END AS l1, CASE WHEN f.eval_id IS NULL THEN i.level2 ELSE f.l2 END AS l2,
  coalesce(f.is_sub, false) AS is_sub,
  i.level3, i.target, i.actual, i.weight, i.score, i.deviation,
  i.target_op, i.target_value, i.target_unit, i.actual_value, i.actual_unit,
  l3.key AS level3_key, tg.key AS target_key, ac.key AS actual_key, dv.key AS deviation_key
FROM indicators i
JOIN (SELECT eval_id, year, ${departmentKey()} AS dept FROM evaluations) e ON e.eval_id = i.eval_id
LEFT JOIN filled f ON f.eval_id = i.eval_id AND f.seq = i.seq
LEFT JOIN normalised_texts l3 ON l3.text = i.level3
LEFT JOIN normalised_texts tg ON tg.text = i.target
LEFT JOIN normalised_texts ac ON ac.text = i.actual
LEFT JOIN normalised_texts dv ON dv.text = i.deviation`;

/** In the order they are built: a table may read the ones before it. */
export const PREPARED_TABLES: readonly PreparedTable[] = [
  { name: 'normalised_texts', sql: NORMALISED_TEXTS },
  { name: 'form_indicators', sql: FORM_INDICATORS },
  /** full_marks_forms: FULL_MARKS_CTE's forms at full marks. */
  { name: 'full_marks_forms', sql: `WITH ${FULL_MARKS_CTE} SELECT * FROM fm` },
  /** sangong_lines: SANGONG_CTE's 三公经费 lines of 附件1 with their role. */
  { name: 'sangong_lines', sql: `WITH ${SANGONG_CTE} SELECT * FROM sg` },
];

/** True when `sql` reads the table `name`. */
export const readsTable = (sql: string, name: string) => new RegExp(`\\b${name}\\b`).test(sql);

/** A prepared table that could not be built, with DuckDB's message. */
export interface PrepareFailure {
  name: string;
  message: string;
}

/**
 * (Re)creates the prepared tables that `sqls` (rule SQL) read, and the ones those are built from, in
 * build order: a run of one rule prepares only what that rule needs. A table that cannot be built is
 * dropped — its readers then fail by name instead of reading the last analysis' rows — and returned.
 */
export async function prepareTables(engine: Engine, sqls: readonly string[]): Promise<PrepareFailure[]> {
  const readers = [...sqls];
  const wanted = new Set<string>();
  for (const t of [...PREPARED_TABLES].reverse()) {
    if (readers.some((s) => readsTable(s, t.name))) {
      wanted.add(t.name);
      readers.push(t.sql);
    }
  }
  const failures: PrepareFailure[] = [];
  for (const t of PREPARED_TABLES) {
    if (!wanted.has(t.name)) continue;
    try {
      await engine.exec(`CREATE OR REPLACE TABLE ${t.name} AS ${t.sql}`);
    } catch (e) {
      await engine.exec(`DROP TABLE IF EXISTS ${t.name}`);
      failures.push({ name: t.name, message: (e as Error).message });
    }
  }
  return failures;
}
