import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { fmt, sameDepartment } from './sql';

export default defineRule({
  id: 'project-spending-mismatch',
  severity: 'medium',
  titleZh: '附件1项目决算数与项目自评表执行数不符',
  titleEn: 'Project spending in 附件1 differs from its form',
  whyZh:
    '同一个项目在基础数据表（附件1）中的本年决算数，和该项目自评表的全年执行数是同一笔钱（财政部部门整体支出绩效评价基础数据表口径），应当一致。两处不同，至少一处数据不实，执行率也就失去依据。',
  whyEn:
    'A project\'s final figure in the basic data table (附件1) and the executed amount on its own self-evaluation form are the same money and must agree. When they differ, at least one is wrong, and so is the execution rate built on it.',
  conditionZh: () => `附件1 中项目名与某项目自评表项目名相同（同地区同部门同年度，忽略空格标点）的行，本年决算数 ≠ 该表全年执行数。`,
  conditionEn: () => `A 附件1 line whose item equals a project form's project name (same region, department and year, ignoring spaces and punctuation) with a final ≠ that form's executed.`,
  target: 'spending',
  // 附件1 money, not a template signal: no points toward the boilerplate score.
  points: 0,
  settings: {},
  cells: { final: 'executed' },
  // eval_id: the project's form (the finding is about its executed), so the UI links to it; item: the 附件1 line.
  detail: {
    zh: '附件1「{item}」本年决算数 {final} ≠ 项目自评表全年执行数 {executed}（{eval_id}）',
    en: 'Annex 1 "{item}": final {final} ≠ executed {executed} on the project form ({eval_id})',
  },
  query: () => sql`
SELECT e.eval_id, s.region, s.department, s.year, s.item, 'final' AS field,
  ${fmt('s.final')} AS final, ${fmt('e.executed')} AS executed
FROM spending s
JOIN normalised_texts si ON si.text = s.item
JOIN evaluations e ON ${sameDepartment('e', 's')} AND e.year = s.year
JOIN normalised_texts ep ON ep.text = e.project AND ep.key = si.key
WHERE s.final IS NOT NULL AND e.executed IS NOT NULL AND s.final <> e.executed`,
  fixZh: '请核实附件1项目决算数与项目自评表全年执行数，更正不一致之处。',
  fixEn: 'Reconcile the project\'s outturn in 附件1 with the spending on its self-evaluation form.',
});
