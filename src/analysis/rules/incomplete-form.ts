import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { clip } from './sql';

export default defineRule({
  id: 'incomplete-form',
  severity: 'medium',
  titleZh: '自评表未填完整',
  titleEn: 'Form left incomplete',
  whyZh:
    '自评表的每个三级指标都应填写实际完成值并打分，表末填写总分（财预〔2020〕10号；财政部绩效自评表填报说明）。空着的得分或完成值使总分无从核对，也说明自评没有真正逐项做完。',
  whyEn:
    'Every indicator on the form needs an actual value and a score, and the form a total (Cai Yu [2020] No. 10; Ministry of Finance filling instructions). Blank scores or results make the total impossible to check and show the evaluation was not carried out item by item.',
  conditionZh: () => `指标得分空白、实际完成值空白，或总分空白。有分值或得分的指标下方、既无分值也无得分的“其中”分项行不算空白。每个空白单元格一条。`,
  conditionEn: () => `An indicator score, actual value or the total left blank. Breakdown lines (其中…) with neither weight nor score under a scored indicator are sub-items, not blanks. One finding per blank cell.`,
  target: 'form',
  points: 5,
  settings: {},
  cells: { score: 'row', actual: 'row', total_score: 'total_score' },
  detail: {
    zh: '{field}',
    en: '{field}',
    choices: {
      field: {
        score: { zh: '指标「{level3}」得分空白', en: 'Indicator "{level3}": score blank' },
        actual: { zh: '指标「{level3}」实际完成值空白', en: 'Indicator "{level3}": actual blank' },
        total_score: { zh: '总分空白', en: 'Total score blank' },
      },
    },
  },
  query: () => sql`
SELECT i.eval_id, i.seq, e.region, e.department, e.year, i.field,
  ${clip('i.level3', 20)} AS level3
FROM (
  SELECT eval_id, seq, level3, 'score' AS field FROM form_indicators WHERE NOT is_sub AND score IS NULL
  UNION ALL
  SELECT eval_id, seq, level3, 'actual' FROM form_indicators WHERE NOT is_sub AND actual_key IS NULL
) i JOIN evaluations e ON e.eval_id = i.eval_id
UNION ALL
SELECT eval_id, NULL, region, department, year, 'total_score', NULL
FROM evaluations WHERE total_score IS NULL`,
  fixZh: '请补齐自评表中空白的指标值、完成值、分值或得分。',
  fixEn: 'Fill in the blank targets, results, weights or scores of the form.',
});
