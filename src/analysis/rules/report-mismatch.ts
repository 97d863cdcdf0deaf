import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { fmt } from './sql';
import { totalTolerance } from './shared';
import { number } from './words';

export default defineRule({
  id: 'report-mismatch',
  severity: 'medium',
  titleZh: '自评报告得分与自评表不一致',
  titleEn: 'Narrative report states a different score',
  whyZh:
    '自评报告是对自评表的文字说明，两者反映同一次评价（财预〔2020〕10号 绩效评价报告参考提纲）。报告写的得分与表内总分不同，说明至少一处未经核对，结果公开时会自相矛盾。',
  whyEn:
    'The narrative report explains the form; both describe the same evaluation (Cai Yu [2020] No. 10, reference outline of the evaluation report). A report score that differs from the form total means one of them was never checked, and the published result contradicts itself.',
  conditionZh: (s) => `报告所述得分 与 表内总分 相差超过 ±${number(s.totalTolerance)} 分（报告未写得分时不判断）。`,
  conditionEn: (s) => `The score the narrative report states differs from the form total by more than ±${number(s.totalTolerance)} (no finding when the report states none).`,
  target: 'form',
  points: 3,
  settings: { totalTolerance },
  cells: { report_score: 'report_score' },
  detail: { zh: '自评报告所述得分 {report_score} ≠ 自评表总分 {total_score}', en: 'Score stated in the report {report_score} ≠ total score on the form {total_score}' },
  query: (s) => sql`
SELECT e.eval_id, e.region, e.department, e.year,
  'report_score' AS field,
  ${fmt('e.report_score')} AS report_score, ${fmt('e.total_score')} AS total_score
FROM evaluations e
WHERE e.report_score IS NOT NULL AND e.total_score IS NOT NULL
  AND abs(e.report_score - e.total_score) > ${s.totalTolerance}::DECIMAL(12,4)`,
  fixZh: '请核实自评报告所述得分与自评表总分，使二者一致。',
  fixEn: 'Make the score stated in the report agree with the form\'s total.',
});
