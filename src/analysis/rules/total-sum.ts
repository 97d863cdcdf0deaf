import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { fmt } from './sql';
import { totalTolerance } from './shared';
import { number } from './words';

export default defineRule({
  id: 'total-sum',
  severity: 'medium',
  titleZh: '总分不等于各项得分之和',
  titleEn: 'Total is not the sum of the scores',
  whyZh:
    '自评总分应等于执行率得分加各三级指标得分（财政部绩效自评表“总分”栏）。填报的总分与明细对不上，往往是直接写了“100”而未按指标打分，自评结果不可信。',
  whyEn:
    'The claimed total must equal the execution-rate score plus the scores of all indicators (the 总分 line of the Ministry of Finance template). A total that does not match its parts is usually a "100" written without scoring the indicators, so the self-evaluation cannot be relied on.',
  conditionZh: (s) => `总分 与 执行率得分 + Σ指标得分 相差超过 ±${number(s.totalTolerance)} 分（总分空白时不判断，见“表格未填完整”）。`,
  conditionEn: (s) => `Claimed total differs from execution score + Σ indicator scores by more than ±${number(s.totalTolerance)} (a blank total is left to incomplete-form).`,
  target: 'form',
  points: 5,
  settings: { totalTolerance },
  cells: { total_score: 'total_score' },
  detail: {
    zh: '执行率得分 {exec_score} + 指标得分合计 {scores} = {sum} ≠ 总分 {total_score}',
    en: 'Execution score {exec_score} + indicator scores {scores} = {sum} ≠ total score {total_score}',
  },
  query: (s) => sql`
WITH s AS (SELECT eval_id, sum(score) AS ss FROM indicators GROUP BY eval_id)
SELECT e.eval_id, e.region, e.department, e.year,
  'total_score' AS field,
  ${fmt('e.exec_score')} AS exec_score, ${fmt('coalesce(s.ss, 0)')} AS scores,
  ${fmt('coalesce(e.exec_score, 0) + coalesce(s.ss, 0)')} AS sum, ${fmt('e.total_score')} AS total_score
FROM evaluations e LEFT JOIN s ON s.eval_id = e.eval_id
WHERE e.total_score IS NOT NULL
  AND abs(e.total_score - (coalesce(e.exec_score, 0) + coalesce(s.ss, 0))) > ${s.totalTolerance}::DECIMAL(12,4)`,
  fixZh: '请核实各项得分并重新计算总分。',
  fixEn: 'Check each score and recompute the total.',
});
