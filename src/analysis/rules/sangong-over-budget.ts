import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { fmt, ratioSql } from './sql';

export default defineRule({
  id: 'sangong-over-budget',
  severity: 'medium',
  titleZh: '“三公”经费决算超预算',
  titleEn: '三公 spending above budget',
  whyZh:
    '中央八项规定和历年预算批复要求“三公”经费只减不增、不得超预算支出（《党政机关厉行节约反对浪费条例》；部门决算公开要求说明三公经费增减原因）。决算数高于预算数，是经费控制不力的直接证据。',
  whyEn:
    'The Party and government thrift rules require the "three public expenses" to fall, never exceeding their budget (Regulations on Thrift in Party and Government Organs; final-accounts disclosure must explain changes). A final figure above the budget is direct evidence of weak spending control.',
  conditionZh: () => `三公经费 本年决算数 > 本年预算数。`,
  conditionEn: () => `三公经费 final above its budget.`,
  target: 'spending',
  // 附件1 money, not a template signal: no points toward the boilerplate score.
  points: 0,
  settings: {},
  cells: {},
  detail: {
    zh: '三公经费 本年决算数 {final} > 本年预算数 {budget}{over}',
    en: 'Three public expenses: final {final} > budget {budget}{over}',
    choices: { over: { over: { zh: '（超 {over_pct}%）', en: ' (over by {over_pct}%)' } } },
  },
  query: () => sql`
SELECT region, department, year, item, 'final' AS field,
  ${fmt('final')} AS final, ${fmt('budget')} AS budget,
  CASE WHEN budget > 0 THEN 'over' END AS over, ${fmt(ratioSql('(final - budget) * 100', 'budget', 2))} AS over_pct
FROM sangong_lines WHERE role = 'total' AND final > budget`,
  fixZh: '请说明“三公”经费决算超预算的原因，并核实决算数。',
  fixEn: 'Explain why the “three public expenses” outturn exceeds the budget, and check the figure.',
});
