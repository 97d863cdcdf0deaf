import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { empty, fmt, pctOf, placeholderCte } from './sql';
import { placeholders } from './shared';
import { wordsZh, wordsEn } from './words';

export default defineRule({
  id: 'overspent',
  severity: 'medium',
  titleZh: '超预算执行且未作说明',
  titleEn: 'Spent above budget without explanation',
  whyZh:
    '全年执行数超过全年预算数即超预算支出，违反《预算法》“先有预算、后有支出”的原则；自评时应在偏差原因分析中说明（财预〔2020〕10号 要求对偏离目标的原因作出分析）。超支却一字不提，说明自评未核对财务数据。',
  whyEn:
    'Spending above the full-year budget breaks the Budget Law\'s "no spending without a budget" principle; the self-evaluation must explain it in the deviation column (Cai Yu [2020] No. 10 requires deviations to be analysed). Overspending with no word of it means the accounts were not checked.',
  conditionZh: (s) => `全年执行数 > 全年预算数（执行率超过 100%），且表内各指标均无偏差说明（空白或仅写占位词：${wordsZh(s.placeholders)}）。`,
  conditionEn: (s) => `Executed above the full-year budget (rate over 100%) and no deviation text anywhere on the form (blank or placeholders: ${wordsEn(s.placeholders)}).`,
  target: 'form',
  points: 2,
  settings: { placeholders },
  cells: { executed: 'executed' },
  detail: {
    zh: '全年执行数 {executed} > 全年预算数 {budget_full}{rated}，表内无偏差说明',
    en: 'Executed {executed} > full-year budget {budget_full}{rated}, no deviation note on the form',
    choices: { rated: { rate: { zh: '（执行率 {rate}）', en: ' (execution rate {rate})' } } },
  },
  query: (s) => sql`
WITH ${placeholderCte(s.placeholders)}
SELECT e.eval_id, e.region, e.department, e.year,
  'executed' AS field,
  ${fmt('e.executed')} AS executed, ${fmt('e.budget_full')} AS budget_full,
  CASE WHEN e.budget_full > 0 THEN 'rate' END AS rated, ${pctOf('e.executed', 'e.budget_full')} AS rate
FROM evaluations e
WHERE e.executed > e.budget_full
  AND NOT EXISTS (SELECT 1 FROM form_indicators i WHERE i.eval_id = e.eval_id AND NOT ${empty('i.deviation_key')})`,
  fixZh: '请说明超预算执行的原因及资金来源，并核实执行数。',
  fixEn: 'Explain the overspending and where the money came from, and check the spending figure.',
});
