import { ident, join, literal, sql } from '../../db/sql';
import { defineRule } from './rule';
import { cellNames } from './detail';
import { fmt } from './sql';

const COLS = [
  ['budget_initial', 'initial'],
  ['budget_full', 'full'],
  ['executed', 'executed'],
] as const;

export default defineRule({
  id: 'fund-subtotal',
  severity: 'medium',
  titleZh: '资金来源分项与年度资金总额不符',
  titleEn: 'Fund sources do not add up',
  whyZh:
    '项目自评表“年度资金总额”下按来源分列 当年财政拨款、上年结转资金、其他资金，三者之和应等于总额（财政部项目支出绩效自评表样式）。分项对不上，说明资金来源填报有误，执行率和金额口径都受影响。',
  whyEn:
    'Under 年度资金总额 a project form breaks the money down into this year\'s appropriation, carry-over and other funds; they must add up to the total (Ministry of Finance project self-evaluation template). A mismatch means the sources are misreported, and the amounts the execution rate rests on are in doubt.',
  conditionZh: () => `年初、全年预算、全年执行任一栏：年度资金总额 ≠ 当年财政拨款 + 上年结转 + 其他资金（分项全空白时不判断，空白分项按未填）。`,
  conditionEn: () => `In any of the initial / full-year / executed columns: total ≠ appropriation + carry-over + other funds, where the parts are given (all parts blank: no finding).`,
  target: 'form',
  points: 2,
  settings: {},
  cells: { budget_initial: 'budget_initial', budget_full: 'budget_full', executed: 'executed' },
  detail: {
    zh: '{field}：年度资金总额 {total} ≠ 当年财政拨款 {appropriation} + 上年结转 {carryover} + 其他资金 {other} = {parts}',
    en: '{field}: total funds {total} ≠ appropriation {appropriation} + carry-over {carryover} + other funds {other} = {parts}',
    choices: { field: cellNames(COLS.map(([c]) => c)) },
  },
  query: () => sql`
WITH c AS (
${join(
  COLS.map(
    ([total, p]) => sql`  SELECT eval_id, region, department, year, ${literal(total)} AS field, ${ident(total)} AS total,
    ${ident(`appropriation_${p}`)} AS a, ${ident(`carryover_${p}`)} AS c, ${ident(`other_${p}`)} AS o FROM evaluations`,
  ),
  '\n  UNION ALL\n',
)}
)
SELECT eval_id, region, department, year, field,
  ${fmt('total')} AS total, ${fmt('a')} AS appropriation, ${fmt('c')} AS carryover, ${fmt('o')} AS other,
  ${fmt('coalesce(a, 0) + coalesce(c, 0) + coalesce(o, 0)')} AS parts
FROM c
WHERE total IS NOT NULL AND (a IS NOT NULL OR c IS NOT NULL OR o IS NOT NULL)
  AND total <> coalesce(a, 0) + coalesce(c, 0) + coalesce(o, 0)`,
  fixZh: '请核实资金来源各分项（财政拨款、上年结转、其他资金），使其合计等于年度资金总额。',
  fixEn: 'Check the funding sources (appropriation, carry-over, other) so that they add up to the annual total.',
});
