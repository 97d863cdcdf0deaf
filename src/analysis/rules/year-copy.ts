import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { sameDepartment } from './sql';

export default defineRule({
  id: 'year-copy',
  severity: 'high',
  titleZh: '与上年自评表逐字相同',
  titleEn: 'Same indicators and results as last year',
  whyZh:
    '每年的绩效目标应根据上年评价结果和本年任务调整，实际完成值更不可能年年相同（财预〔2020〕10号：评价结果应用于改进下年预算和目标）。同一项目连续两年三级指标、指标值、完成值全部一致，说明自评表是照抄上年的。',
  whyEn:
    'Targets should be revised each year from last year\'s results and this year\'s tasks, and actual results can hardly repeat exactly (Cai Yu [2020] No. 10: results feed into next year\'s budget and targets). A project whose indicators, targets and actuals are all identical two years running had its form copied from last year.',
  conditionZh: () => `同一地区同一部门同一项目（或部门整体），本年所有指标行的三级指标、指标值、实际完成值（忽略空格标点，不计行序）与上一年完全相同。`,
  conditionEn: () => `The same department's (same region and name) same project (or whole-department form): all indicator rows — level3, target and actual, ignoring spaces, punctuation and row order — identical to the previous year.`,
  target: 'form',
  points: 25,
  settings: {},
  cells: { actual: 'column' },
  detail: {
    zh: '{n} 行指标（三级指标、指标值、实际完成值）与 {prior_year} 年同项目自评表（{prior_form}）完全相同',
    en: '{n} indicator rows (indicator, target, actual) identical to the same project\'s {prior_year} form ({prior_form})',
  },
  query: () => sql`
WITH sig AS (
  SELECT e.eval_id, e.region, e.department, e.year, coalesce(e.project, '') AS project, e.kind, r.n, r.h, r.seqs
  FROM evaluations e
  JOIN (
    -- the form's rows as the sorted list of their keys: the same rows in any order give the same list
    SELECT eval_id, count(*) AS n, hash(list_sort(list(hash(level3_key, target_key, actual_key)))) AS h, list_sort(list(seq)) AS seqs
    FROM form_indicators WHERE NOT is_sub GROUP BY eval_id
  ) r ON r.eval_id = e.eval_id
)
-- Every row is the same as last year's: the finding names them all, and the forms it was copied from.
SELECT c.eval_id, any_value(c.seqs) AS seqs, list_sort(list(p.eval_id)) AS related, c.region, c.department, c.year,
  'actual' AS field,
  c.n, c.year - 1 AS prior_year, min(p.eval_id) AS prior_form
FROM sig c JOIN sig p
  ON ${sameDepartment('p', 'c')} AND p.project = c.project AND p.kind = c.kind
  AND p.year = c.year - 1 AND p.h = c.h AND p.n = c.n
GROUP BY c.eval_id, c.region, c.department, c.year, c.n`,
  fixZh: '请根据本年度实际情况重新填写自评表，不得沿用上年内容。',
  fixEn: 'Fill the form in from this year\'s facts rather than carrying last year\'s over.',
});
