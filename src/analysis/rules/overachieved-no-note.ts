import { defineRule } from './rule';
import { PLACEHOLDER_CTE, clip, empty, fmt, placeholderParam, ratioSql } from './sql';

export default defineRule({
  id: 'overachieved-no-note',
  severity: 'low',
  titleZh: '大幅超额完成而未说明',
  titleEn: 'Target far exceeded without a note',
  whyZh:
    '实际值远超目标，说明目标定得过低（“低目标、高完成”），或实际值不实。财预〔2020〕10号 要求对偏离目标的情况（包括超额）分析原因，并在下年设定目标时调整。',
  whyEn:
    'An actual far above its target means the target was set too low ("low target, high completion") or the actual is not real. Cai Yu [2020] No. 10 asks for the cause of any deviation, over-achievement included, and for next year\'s targets to be adjusted.',
  conditionZh: '量化目标为 ≥x、>x 或 x（x > 0），实际值（同单位）≥ 1.3 × x，且偏差原因空白或仅为占位词。',
  conditionEn: 'A quantified target ≥x, >x or x (x > 0), the actual (same unit) at least 1.3 × x, and no deviation note (blank or placeholder).',
  target: 'indicator',
  sql: `
WITH ${PLACEHOLDER_CTE}
SELECT i.eval_id, i.seq, e.region, e.department, e.year, CAST(NULL AS VARCHAR) AS item, 'actual' AS field,
  '「' || ${clip('i.level3', 20)} || '」目标 ' || ${clip('i.target', 16)} || '，实际 ' || ${clip('i.actual', 16)}
    || '（为目标的 ' || ${fmt(ratioSql('i.actual_value', 'i.target_value', 2))} || ' 倍），未说明原因' AS detail
FROM form_indicators i JOIN evaluations e ON e.eval_id = i.eval_id
WHERE i.target_op IN ('>=', '>', '=') AND i.target_value > 0 AND i.actual_value IS NOT NULL
  AND coalesce(i.target_unit, '') = coalesce(i.actual_unit, '')
  AND i.actual_value >= ?::DECIMAL(12,4) * i.target_value
  AND ${empty('i.deviation_key')}`,
  params: (s) => [placeholderParam(s), s.overachieveRatio],
  fixZh: '请说明大幅超额完成的原因，并核实年度指标值设置是否合理。',
  fixEn: 'Explain the large over-achievement and check whether the target was set too low.',
});
