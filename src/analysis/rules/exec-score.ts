import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { fmt, pct, pctOf, ratioSql } from './sql';
import { number } from './words';

export default defineRule({
  id: 'exec-score',
  severity: 'medium',
  titleZh: '执行率得分计算有误',
  titleEn: 'Execution score miscomputed',
  whyZh:
    '执行率得分 = 执行率 × 执行率分值，执行率超过 100% 按 100% 计（财政部绩效自评表说明；湘财绩〔2020〕7号）。得分与此不符，说明执行率得分是凑出来的，或按超过 100% 的执行率多给了分。',
  whyEn:
    'Execution score = rate × execution weight, with the rate capped at 100% (Ministry of Finance self-evaluation instructions; Xiang Cai Ji [2020] No. 7). A score that does not follow is made up, or rewards a rate above 100%.',
  conditionZh: (s) => `执行率得分 与 min(执行率, 100%) × 执行率分值 相差超过 ±${number(s.execScoreTolerance)} 分（执行率空白时用 全年执行数÷全年预算数）。`,
  conditionEn: (s) => `Execution score differs from min(rate, 1) × execution weight by more than ±${number(s.execScoreTolerance)} (rate = stated rate, or executed ÷ full-year budget when blank).`,
  target: 'form',
  points: 3,
  settings: { execScoreTolerance: numberSetting(0.1, '执行率得分允许误差（分）', 'Execution score tolerance (points)') },
  cells: { exec_score: 'exec_score' },
  // The products are DECIMAL(38,10), exact: a rate (12,6) times a weight (12,4) would be DECIMAL(18,10)
  // in DuckDB and overflow at 10⁸ (a stray rate of −10⁶), and a score times a 10¹² budget needs 38 digits.
  detail: {
    zh: '执行率得分 {exec_score} ≠ min(执行率 {rate}, 100%) × 分值 {exec_weight} = {expected}',
    en: 'Execution score {exec_score} ≠ min(rate {rate}, 100%) × weight {exec_weight} = {expected}',
  },
  query: (s) => sql`
WITH x AS (
  SELECT e.*, least(CAST(e.exec_rate AS DECIMAL(38,6)), 1) AS capped_rate,
    CASE WHEN e.exec_rate IS NOT NULL THEN abs(e.exec_score - capped_rate * e.exec_weight) > ${s.execScoreTolerance}::DECIMAL(12,4)
         WHEN e.budget_full > 0 AND e.executed IS NOT NULL
           THEN abs(e.exec_score * e.budget_full - least(e.executed, e.budget_full) * e.exec_weight) > ${s.execScoreTolerance}::DECIMAL(12,4) * e.budget_full
    END AS off
  FROM evaluations e
  WHERE e.exec_score IS NOT NULL AND e.exec_weight IS NOT NULL
)
SELECT x.eval_id, x.region, x.department, x.year,
  'exec_score' AS field,
  ${fmt('x.exec_score')} AS exec_score, ${fmt('x.exec_weight')} AS exec_weight,
  CASE WHEN x.exec_rate IS NOT NULL THEN ${pct('x.exec_rate')} ELSE ${pctOf('x.executed', 'x.budget_full')} END AS rate,
  CASE WHEN x.exec_rate IS NOT NULL THEN ${fmt('round(x.capped_rate * x.exec_weight, 2)')}
    ELSE ${fmt(ratioSql('least(x.executed, x.budget_full) * x.exec_weight', 'x.budget_full', 2, 10))} END AS expected
FROM x WHERE x.off`,
  fixZh: '请按 执行率 × 执行率分值 重新计算执行率得分。',
  fixEn: 'Recompute the execution score as execution rate × its weight.',
});
