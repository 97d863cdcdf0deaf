import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { fmt } from './sql';
import { number } from './words';

export default defineRule({
  id: 'weights-sum',
  severity: 'medium',
  titleZh: '分值合计不等于 100',
  titleEn: 'Weights do not add up to 100',
  whyZh:
    '绩效自评表按百分制设置：执行率分值（通常 10 分）与各三级指标分值之和应为 100 分（《项目支出绩效评价管理办法》财预〔2020〕10号 附件及财政部绩效自评表样式）。分值不足或超出 100，说明指标被删改后未重新分配分值，总分失去可比性。',
  whyEn:
    'A self-evaluation form is scored out of 100: the execution-rate weight (usually 10) plus the weights of all third-level indicators must total 100 (Ministry of Finance self-evaluation template, Cai Yu [2020] No. 10). A total above or below 100 means indicators were removed or added without re-weighting, and the score is no longer comparable.',
  conditionZh: (s) => `指标分值合计 + 执行率分值 与 100 相差超过 ±${number(s.weightTolerance)}（无分值也无得分的“其中”分项行不计）。`,
  conditionEn: (s) => `Σ indicator weights + execution weight differs from 100 by more than ±${number(s.weightTolerance)} (breakdown rows with neither weight nor score are ignored).`,
  target: 'form',
  points: 5,
  settings: { weightTolerance: numberSetting(0.01, '分值合计允许误差（分）', 'Weights total tolerance (points)') },
  cells: { weight: 'weight' },
  detail: {
    zh: '指标分值合计 {weights} + 执行率分值 {exec_weight} = {sum} ≠ 100',
    en: 'Indicator weights {weights} + execution weight {exec_weight} = {sum} ≠ 100',
  },
  query: (s) => sql`
WITH w AS (SELECT eval_id, sum(weight) AS sw FROM indicators GROUP BY eval_id)
SELECT e.eval_id, e.region, e.department, e.year,
  'weight' AS field,
  ${fmt('coalesce(w.sw, 0)')} AS weights, ${fmt('e.exec_weight')} AS exec_weight,
  ${fmt('coalesce(w.sw, 0) + coalesce(e.exec_weight, 0)')} AS sum
FROM evaluations e LEFT JOIN w ON w.eval_id = e.eval_id
WHERE abs(coalesce(w.sw, 0) + coalesce(e.exec_weight, 0) - 100) > ${s.weightTolerance}::DECIMAL(12,4)`,
  fixZh: '请核实分值合计并重新计分，使各项分值合计为 100 分。',
  fixEn: 'Check the weights so that they add up to 100, and rescore.',
});
