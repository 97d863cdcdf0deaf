import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { clip, empty, fmt, placeholderCte } from './sql';
import { placeholders } from './shared';
import { wordsZh, wordsEn } from './words';

export default defineRule({
  id: 'deduction-no-reason',
  severity: 'medium',
  titleZh: '扣分但未说明偏差原因',
  titleEn: 'Points deducted without a reason',
  whyZh:
    '自评表“偏差原因分析及改进措施”一栏专为未完成的指标而设：扣了分就应写明原因和改进措施（财预〔2020〕10号；湘财绩〔2020〕7号 要求结果应用于整改）。只写“无”“已完成”或空着，扣分既无解释，也无整改可言。',
  whyEn:
    'The "deviation analysis and improvement" column exists for indicators that fell short: a deduction must come with its cause and a remedy (Cai Yu [2020] No. 10; Xiang Cai Ji [2020] No. 7 ties results to corrective action). Blank, "无" or "已完成" explains nothing and fixes nothing.',
  conditionZh: (s) => `指标得分 < 分值，且偏差原因空白或仅为占位词（${wordsZh(s.placeholders)}）。`,
  conditionEn: (s) => `Score below weight and the deviation column blank or a placeholder (${wordsEn(s.placeholders)}).`,
  target: 'indicator',
  points: 5,
  settings: { placeholders },
  cells: { deviation: 'row' },
  detail: {
    zh: '「{level3}」得分 {score} < 分值 {weight}，偏差原因{reason}',
    en: '"{level3}": score {score} < weight {weight}, deviation note {reason}',
    choices: { reason: { blank: { zh: '空白', en: 'blank' }, placeholder: { zh: '仅写「{deviation}」', en: 'only "{deviation}"' } } },
  },
  query: (s) => sql`
WITH ${placeholderCte(s.placeholders)}
SELECT i.eval_id, i.seq, e.region, e.department, e.year, 'deviation' AS field,
  ${clip('i.level3', 20)} AS level3, ${fmt('i.score')} AS score, ${fmt('i.weight')} AS weight,
  CASE WHEN i.deviation_key IS NULL THEN 'blank' ELSE 'placeholder' END AS reason, ${clip('i.deviation', 8)} AS deviation
FROM form_indicators i JOIN evaluations e ON e.eval_id = i.eval_id
WHERE i.score < i.weight AND ${empty('i.deviation_key')}`,
  fixZh: '请在“偏差原因分析及改进措施”栏写明扣分原因和改进措施。',
  fixEn: 'Give the reason for the deduction and the corrective measures in the deviation column.',
});
