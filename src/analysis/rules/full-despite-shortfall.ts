import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { clip, empty, pct, pctOf, placeholderCte } from './sql';
import { placeholders } from './shared';
import { percent, wordsZh, wordsEn } from './words';

export default defineRule({
  id: 'full-despite-shortfall',
  severity: 'high',
  titleZh: '有偏差仍为满分',
  titleEn: 'Full marks despite a shortfall',
  whyZh:
    '表内自己写了偏差（填有偏差原因），或预算执行率明显偏低，却仍然全部满分，前后矛盾（财预〔2020〕10号：未完成的指标应扣分并说明原因）。这是自评打分不实最直接的证据之一。',
  whyEn:
    'The form itself records a deviation (a deviation note), or budget execution is clearly low, yet every line has full marks — a contradiction (Cai Yu [2020] No. 10: shortfalls lose points and are explained). It is among the most direct evidence of untrue scoring.',
  conditionZh: (s) => `全部指标满分（见“全部指标满分”），同时 执行率 < ${percent(s.fullExecThreshold)}（执行率空白时用 全年执行数÷全年预算数），或某指标填有偏差说明（非占位词：${wordsZh(s.placeholders)}）。`,
  conditionEn: (s) => `Full marks (as in full-marks) while the execution rate is below ${percent(s.fullExecThreshold)} (executed ÷ full-year budget when the rate is blank), or a deviation note (not a placeholder: ${wordsEn(s.placeholders)}) is written.`,
  target: 'form',
  points: 15,
  settings: { fullExecThreshold: numberSetting(0.9, '满分但执行率偏低：执行率下限（0.9 = 90%）', 'Full marks despite low execution: rate below (0.9 = 90%)'), placeholders },
  cells: { exec_rate: 'exec_rate', deviation: 'column' },
  detail: {
    zh: '{low}{also}{notes}，仍全部满分',
    en: '{low}{also}{notes}, yet full marks throughout',
    choices: {
      low: { low: { zh: '执行率 {rate}', en: 'Execution rate {rate}' } },
      also: { and: { zh: '；', en: '; ' } },
      notes: { notes: { zh: '{nd} 个指标写有偏差说明（「{example}」）', en: '{nd} indicators carry a deviation note ("{example}")' } },
    },
  },
  query: (s) => sql`
WITH ${placeholderCte(s.placeholders)},
dev AS (
  SELECT i.eval_id, count(*) AS nd, min(i.deviation) AS example, list_sort(list(i.seq)) AS seqs
  FROM form_indicators i JOIN full_marks_forms fm ON fm.eval_id = i.eval_id
  WHERE NOT ${empty('i.deviation_key')} GROUP BY i.eval_id
),
x AS (
  SELECT fm.*, dev.nd, dev.example, dev.seqs,
    coalesce(CASE WHEN fm.exec_rate IS NOT NULL THEN fm.exec_rate < ${s.fullExecThreshold}::DECIMAL(12,6)
                  WHEN fm.budget_full > 0 THEN fm.executed < ${s.fullExecThreshold}::DECIMAL(12,6) * fm.budget_full END, false) AS low
  FROM full_marks_forms fm LEFT JOIN dev ON dev.eval_id = fm.eval_id
)
SELECT eval_id, region, department, year,
  CASE WHEN low THEN 'exec_rate' ELSE 'deviation' END AS field,
  -- the rows with a deviation note, when they are what the finding is about
  CASE WHEN NOT low THEN seqs END AS seqs,
  CASE WHEN low THEN 'low' END AS low, CASE WHEN low AND nd > 0 THEN 'and' END AS also, CASE WHEN nd > 0 THEN 'notes' END AS notes,
  CASE WHEN exec_rate IS NOT NULL THEN ${pct('exec_rate')} ELSE ${pctOf('executed', 'budget_full')} END AS rate,
  nd, ${clip('example', 20)} AS example
FROM x WHERE low OR nd > 0`,
  fixZh: '请按偏差情况如实扣分，或说明有偏差仍得满分的依据。',
  fixEn: 'Deduct points for the shortfall, or state why it still deserves full marks.',
});
