import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { clip, fmt } from './sql';

export default defineRule({
  id: 'score-bounds',
  severity: 'high',
  titleZh: '指标得分超出分值范围',
  titleEn: 'Indicator score out of range',
  whyZh:
    '每个三级指标的得分只能在 0 与该指标分值之间（财预〔2020〕10号：按指标完成程度在分值内打分）。得分高于分值或为负数是明显的填报错误，会使总分虚高或失真。',
  whyEn:
    'An indicator can score between 0 and its weight (Cai Yu [2020] No. 10: indicators are scored within their weight according to completion). A score above the weight or below zero is a plain filling error that inflates or distorts the total.',
  conditionZh: () => `某指标得分 > 其分值，或得分 < 0。`,
  conditionEn: () => `An indicator score is above its weight or below 0.`,
  target: 'indicator',
  points: 3,
  settings: {},
  cells: { score: 'row' },
  detail: {
    zh: '「{level3}」得分 {score}{bound}',
    en: '"{level3}": score {score}{bound}',
    choices: { bound: { negative: { zh: ' < 0', en: ' < 0' }, over: { zh: ' > 分值 {weight}', en: ' > weight {weight}' } } },
  },
  query: () => sql`
SELECT i.eval_id, i.seq, e.region, e.department, e.year, 'score' AS field,
  ${clip('i.level3', 20)} AS level3, ${fmt('i.score')} AS score,
  CASE WHEN i.score < 0 THEN 'negative' ELSE 'over' END AS bound, ${fmt('i.weight')} AS weight
FROM indicators i JOIN evaluations e ON e.eval_id = i.eval_id
WHERE i.score < 0 OR i.score > i.weight`,
  fixZh: '请核实该指标得分，使其在 0 与分值之间。',
  fixEn: 'Correct the score so that it lies between 0 and the indicator\'s weight.',
});
