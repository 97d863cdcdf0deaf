import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { clip, empty, fmt, placeholderCte, ratioSql } from './sql';
import { placeholders } from './shared';
import { number, wordsZh, wordsEn } from './words';

export default defineRule({
  id: 'overachieved-no-note',
  severity: 'low',
  titleZh: '大幅超额完成而未说明',
  titleEn: 'Target far exceeded without a note',
  whyZh:
    '实际值远超目标，说明目标定得过低（“低目标、高完成”），或实际值不实。财预〔2020〕10号 要求对偏离目标的情况（包括超额）分析原因，并在下年设定目标时调整。',
  whyEn:
    'An actual far above its target means the target was set too low ("low target, high completion") or the actual is not real. Cai Yu [2020] No. 10 asks for the cause of any deviation, over-achievement included, and for next year\'s targets to be adjusted.',
  conditionZh: (s) => `量化目标为 ≥x、>x 或 x（x > 0），实际值（同单位）≥ ${number(s.overachieveRatio)} × x，且偏差原因空白或仅为占位词（${wordsZh(s.placeholders)}）。`,
  conditionEn: (s) => `A quantified target ≥x, >x or x (x > 0), the actual (same unit) at least ${number(s.overachieveRatio)} × x, and no deviation note (blank or a placeholder: ${wordsEn(s.placeholders)}).`,
  target: 'indicator',
  points: 3,
  settings: { overachieveRatio: numberSetting(1.3, '超额完成倍数（实际 ÷ 目标）', 'Over-achievement ratio (actual ÷ target)'), placeholders },
  cells: { actual: 'row' },
  detail: {
    zh: '「{level3}」目标 {target}，实际 {actual}（为目标的 {times} 倍），未说明原因',
    en: '"{level3}": target {target}, actual {actual} ({times} × the target), no reason given',
  },
  query: (s) => sql`
WITH ${placeholderCte(s.placeholders)}
SELECT i.eval_id, i.seq, e.region, e.department, e.year, 'actual' AS field,
  ${clip('i.level3', 20)} AS level3, ${clip('i.target', 16)} AS target, ${clip('i.actual', 16)} AS actual,
  ${fmt(ratioSql('i.actual_value', 'i.target_value', 2))} AS times
FROM form_indicators i JOIN evaluations e ON e.eval_id = i.eval_id
WHERE i.target_op IN ('>=', '>', '=') AND i.target_value > 0 AND i.actual_value IS NOT NULL
  AND coalesce(i.target_unit, '') = coalesce(i.actual_unit, '')
  AND i.actual_value >= ${s.overachieveRatio}::DECIMAL(12,4) * i.target_value
  AND ${empty('i.deviation_key')}`,
  fixZh: '请说明大幅超额完成的原因，并核实年度指标值设置是否合理。',
  fixEn: 'Explain the large over-achievement and check whether the target was set too low.',
});
