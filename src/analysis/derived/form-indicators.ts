// form_indicators: every indicator row as the analysis reads it, with
// - its form's year and department (`dept`, rules/sql.ts departmentKey(): region and name);
// - level1, level2 as written, and l1, l2 the merged-cell levels filled down exactly as ingest fills
//   them (src/ingest/rows.ts fillDown): a blank 一级 is the one above within the form; a blank 二级 is
//   the one above only while the row stays in the same 一级 group — a row that starts a new 一级 with
//   a blank 二级 has a genuinely blank 二级, and so do the rows under it until one names a 二级;
// - `is_sub`: a breakdown line (其中…) with neither weight nor score under a scored row, which is not
//   an indicator of its own;
// - the texts as keys (level3_key, target_key, actual_key, deviation_key: normalised_texts.key, NULL
//   when blank) and the indicator key (indicator-key.ts).
// Ingest already fills levels down, so the window runs only over the forms that still have a gap or
// an unscored row — none, usually — and the other rows keep their own levels. A level is blank when
// trim() leaves nothing; trim() strips only space characters, all of which sort below 一 (U+4E00), so
// a level name at or above it is not even trimmed.
import { departmentKey } from '../rules/sql';
import { indicatorKey } from './indicator-key';
import type { Derived } from './objects';

const level = (c: string) => `CASE WHEN trim(${c}) <> '' THEN ${c} END`;
const BEFORE = 'ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING';

export const FORM_INDICATORS: Derived = {
  name: 'form_indicators',
  sql: `
WITH gaps AS (
  SELECT DISTINCT eval_id FROM indicators
  WHERE level1 IS NULL OR level2 IS NULL OR (level1 < '一' AND trim(level1) = '') OR (level2 < '一' AND trim(level2) = '')
    OR (weight IS NULL AND score IS NULL)
),
above AS (
  SELECT eval_id, seq, weight, score, ${level('level1')} AS own1, ${level('level2')} AS own2,
    last_value(${level('level1')} IGNORE NULLS) OVER (PARTITION BY eval_id ORDER BY seq ${BEFORE}) AS prev1,
    coalesce(bool_or(weight IS NOT NULL OR score IS NOT NULL) OVER (PARTITION BY eval_id ORDER BY seq ${BEFORE}), false) AS scored_above
  FROM indicators WHERE eval_id IN (SELECT eval_id FROM gaps)
),
grouped AS (
  -- A 一级 group starts where a row names a 一级 other than the one in force above it.
  SELECT *, coalesce(own1, prev1) AS l1,
    sum(CASE WHEN own1 IS NOT NULL AND own1 IS DISTINCT FROM prev1 THEN 1 ELSE 0 END) OVER (PARTITION BY eval_id ORDER BY seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS grp
  FROM above
),
filled AS (
  SELECT eval_id, seq, l1,
    last_value(own2 IGNORE NULLS) OVER (PARTITION BY eval_id, grp ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS l2,
    weight IS NULL AND score IS NULL AND scored_above AS is_sub
  FROM grouped
)
SELECT i.eval_id, i.seq, e.year, e.dept, i.level1, i.level2,
  CASE WHEN f.eval_id IS NULL THEN i.level1 ELSE f.l1 END AS l1, CASE WHEN f.eval_id IS NULL THEN i.level2 ELSE f.l2 END AS l2,
  coalesce(f.is_sub, false) AS is_sub,
  i.level3, i.target, i.actual, i.weight, i.score, i.deviation,
  i.target_op, i.target_value, i.target_unit, i.actual_value, i.actual_unit,
  l3.key AS level3_key, tg.key AS target_key, ac.key AS actual_key, dv.key AS deviation_key,
  ${indicatorKey('l3.key', 'tg.key')} AS indicator_key
FROM indicators i
JOIN (SELECT eval_id, year, ${departmentKey()} AS dept FROM evaluations) e ON e.eval_id = i.eval_id
LEFT JOIN filled f ON f.eval_id = i.eval_id AND f.seq = i.seq
LEFT JOIN normalised_texts l3 ON l3.text = i.level3
LEFT JOIN normalised_texts tg ON tg.text = i.target
LEFT JOIN normalised_texts ac ON ac.text = i.actual
LEFT JOIN normalised_texts dv ON dv.text = i.deviation`,
};
