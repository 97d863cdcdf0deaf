import { defineRule } from './rule';
import { IND_CTE, clip, fmt } from './sql';

export default defineRule({
  id: 'shortfall-full-marks',
  severity: 'high',
  titleZh: '未达目标仍得满分',
  titleEn: 'Target missed, full marks anyway',
  whyZh:
    '按财预〔2020〕10号，定量指标按完成比例计分，未完成的应相应扣分。实际值没有达到量化目标却给满分，是最直接的“自评打高分”，也是财政部门复核时首先核查的问题。',
  whyEn:
    'Under Cai Yu [2020] No. 10 quantitative indicators are scored by the share achieved, and a missed target loses points. Full marks for a quantified target the actual value does not reach is the plainest case of self-flattering scoring, and the first thing a finance-bureau review checks.',
  conditionZh: '量化目标（≥x、>x、≤x、<x 或 x）与量化实际值单位相同，实际值未达标（“x”按“不低于 x”判断；成本指标的“x”按“不超过 x”判断），该指标得分 = 分值。',
  conditionEn: 'A quantified target (≥x, >x, ≤x, <x or x) and a quantified actual in the same unit, the actual not meeting it (a bare x means "at least x", or "at most x" under 成本指标), yet score = weight.',
  target: 'indicator',
  sql: `
WITH ${IND_CTE}
SELECT eval_id, seq, region, department, year, CAST(NULL AS VARCHAR) AS item, 'score' AS field,
  '「' || ${clip('level3', 20)} || '」目标 ' || ${clip('target', 16)} || '，实际 ' || ${clip('actual', 16)}
    || '，未达标仍得满分 ' || ${fmt('score')} AS detail
FROM ind
WHERE NOT is_sub AND weight > 0 AND score = weight
  AND target_op IS NOT NULL AND target_value IS NOT NULL AND actual_value IS NOT NULL
  AND coalesce(target_unit, '') = coalesce(actual_unit, '')
  AND CASE target_op
    WHEN '>=' THEN actual_value < target_value
    WHEN '>' THEN actual_value <= target_value
    WHEN '<=' THEN actual_value > target_value
    WHEN '<' THEN actual_value >= target_value
    WHEN '=' THEN CASE WHEN coalesce(l1, '') LIKE '%成本%' THEN actual_value > target_value
                       ELSE actual_value < target_value END
    ELSE false END`,
  params: () => [],
});
