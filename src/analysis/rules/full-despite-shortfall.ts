import { defineRule } from './rule';
import { PLACEHOLDER_CTE, clip, empty, pct, pctOf, placeholderParam } from './sql';

export default defineRule({
  id: 'full-despite-shortfall',
  severity: 'high',
  titleZh: '有偏差仍为满分',
  titleEn: 'Full marks despite a shortfall',
  whyZh:
    '表内自己写了偏差（填有偏差原因），或预算执行率明显偏低，却仍然全部满分，前后矛盾（财预〔2020〕10号：未完成的指标应扣分并说明原因）。这是自评打分不实最直接的证据之一。',
  whyEn:
    'The form itself records a deviation (a deviation note), or budget execution is clearly low, yet every line has full marks — a contradiction (Cai Yu [2020] No. 10: shortfalls lose points and are explained). It is among the most direct evidence of untrue scoring.',
  conditionZh: '全部指标满分（见“全部指标满分”），同时 执行率 < 90%（执行率空白时用 全年执行数÷全年预算数），或某指标填有偏差说明（非占位词）。',
  conditionEn: 'Full marks (as in full-marks) while the execution rate is below 90% (executed ÷ full-year budget when the rate is blank), or a deviation note (not a placeholder) is written.',
  target: 'form',
  sql: `
WITH ${PLACEHOLDER_CTE},
dev AS (
  SELECT i.eval_id, count(*) AS nd, min(i.deviation) AS example
  FROM form_indicators i JOIN full_marks_forms fm ON fm.eval_id = i.eval_id
  WHERE NOT ${empty('i.deviation_key')} GROUP BY i.eval_id
),
x AS (
  SELECT fm.*, dev.nd, dev.example,
    coalesce(CASE WHEN fm.exec_rate IS NOT NULL THEN fm.exec_rate < ?::DECIMAL(12,6)
                  WHEN fm.budget_full > 0 THEN fm.executed < ?::DECIMAL(12,6) * fm.budget_full END, false) AS low
  FROM full_marks_forms fm LEFT JOIN dev ON dev.eval_id = fm.eval_id
)
SELECT eval_id, CAST(NULL AS INTEGER) AS seq, region, department, year, CAST(NULL AS VARCHAR) AS item,
  CASE WHEN low THEN 'exec_rate' ELSE 'deviation' END AS field,
  concat_ws('；',
    CASE WHEN low THEN '执行率 ' || CASE WHEN exec_rate IS NOT NULL THEN ${pct('exec_rate')} ELSE ${pctOf('executed', 'budget_full')} END END,
    CASE WHEN nd > 0 THEN CAST(nd AS VARCHAR) || ' 个指标写有偏差说明（「' || ${clip('example', 20)} || '」）' END
  ) || '，仍全部满分' AS detail
FROM x WHERE low OR nd > 0`,
  params: (s) => [placeholderParam(s), s.fullExecThreshold, s.fullExecThreshold],
  fixZh: '请按偏差情况如实扣分，或说明有偏差仍得满分的依据。',
  fixEn: 'Deduct points for the shortfall, or state why it still deserves full marks.',
});
