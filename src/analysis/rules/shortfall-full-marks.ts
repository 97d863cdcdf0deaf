import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { clip, fmt } from './sql';

export default defineRule({
  id: 'shortfall-full-marks',
  severity: 'high',
  titleZh: '未达目标仍得满分',
  titleEn: 'Target missed, full marks anyway',
  whyZh:
    '按财预〔2020〕10号，定量指标按完成比例计分，未完成的应相应扣分。实际值没有达到量化目标却给满分，是最直接的“自评打高分”，也是财政部门复核时首先核查的问题。',
  whyEn:
    'Under Cai Yu [2020] No. 10 quantitative indicators are scored by the share achieved, and a missed target loses points. Full marks for a quantified target the actual value does not reach is the plainest case of self-flattering scoring, and the first thing a finance-bureau review checks.',
  conditionZh: () => `量化目标（≥x、>x、≤x、<x 或 x）与量化实际值单位相同，实际值未达标（“x”按“不低于 x”判断；成本指标的“x”按“不超过 x”判断），该指标得分 = 分值。`,
  conditionEn: () => `A quantified target (≥x, >x, ≤x, <x or x) and a quantified actual in the same unit, the actual not meeting it (a bare x means "at least x", or "at most x" under 成本指标), yet score = weight.`,
  target: 'indicator',
  points: 10,
  settings: {},
  cells: { score: 'row' },
  detail: {
    zh: '「{level3}」目标 {target}，实际 {actual}，未达标仍得满分 {score}',
    en: '"{level3}": target {target}, actual {actual}; missed, yet full marks {score}',
  },
  query: () => sql`
SELECT i.eval_id, i.seq, e.region, e.department, e.year, 'score' AS field,
  ${clip('i.level3', 20)} AS level3, ${clip('i.target', 16)} AS target, ${clip('i.actual', 16)} AS actual, ${fmt('i.score')} AS score
FROM form_indicators i JOIN evaluations e ON e.eval_id = i.eval_id
WHERE NOT i.is_sub AND i.weight > 0 AND i.score = i.weight
  AND i.target_op IS NOT NULL AND i.target_value IS NOT NULL AND i.actual_value IS NOT NULL
  AND coalesce(i.target_unit, '') = coalesce(i.actual_unit, '')
  AND CASE i.target_op
    WHEN '>=' THEN i.actual_value < i.target_value
    WHEN '>' THEN i.actual_value <= i.target_value
    WHEN '<=' THEN i.actual_value > i.target_value
    WHEN '<' THEN i.actual_value >= i.target_value
    WHEN '=' THEN CASE WHEN coalesce(i.l1, '') LIKE '%成本%' THEN i.actual_value > i.target_value
                       ELSE i.actual_value < i.target_value END
    ELSE false END`,
  fixZh: '请按未完成的程度扣分，并在偏差原因分析中说明。',
  fixEn: 'Deduct points in proportion to the shortfall and explain it in the deviation column.',
});
