import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { fmt, pct, pctOf } from './sql';
import { number } from './words';

export default defineRule({
  id: 'exec-rate',
  severity: 'high',
  titleZh: '执行率与执行数÷预算数不符',
  titleEn: 'Execution rate does not match executed ÷ budget',
  whyZh:
    '预算执行率 = 全年执行数 ÷ 全年预算数，是自评表唯一由财务数据直接决定的得分项（财预〔2020〕10号 附件“执行率”栏；湘财绩〔2020〕7号）。填报的执行率与两栏金额算出的不一致，或全年预算数为 0/空白却有执行，执行率得分即无依据。',
  whyEn:
    'Execution rate = executed ÷ full-year budget; it is the one score on the form fixed by the accounts (Cai Yu [2020] No. 10 template; Xiang Cai Ji [2020] No. 7). A stated rate that the two amounts do not give, or spending against a zero or blank budget, leaves the execution score without basis.',
  conditionZh: (s) => `填报执行率与 全年执行数÷全年预算数 相差超过 ${number(s.execRateTolerancePoints)} 个百分点；或全年预算数为 0/空白而全年执行数不为 0。`,
  conditionEn: (s) => `Stated rate differs from executed ÷ full-year budget by more than ${number(s.execRateTolerancePoints)} percentage points; or the full-year budget is 0/blank while something was executed.`,
  target: 'form',
  points: 3,
  settings: { execRateTolerancePoints: numberSetting(0.5, '执行率允许误差（百分点）', 'Execution rate tolerance (percentage points)') },
  cells: { exec_rate: 'exec_rate', budget_full: 'budget_full' },
  // rate × budget is DECIMAL(38,12) (MONEY is DECIMAL(38,6)): exact, and below 10²⁶ for any rate
  // RATE holds (< 10⁶) times any budget below 10¹⁸ 万元, × 100 included. The shown quotient is exact too (pctOf).
  detail: {
    zh: '{fault}',
    en: '{fault}',
    choices: {
      fault: {
        no_budget: { zh: '全年预算数 {budget_full}，全年执行数 {executed}：无预算却有执行', en: 'Full-year budget {budget_full}, executed {executed}: spending without a budget' },
        rate_off: { zh: '执行率填报 {exec_rate}，全年执行数 {executed} ÷ 全年预算数 {budget_full} = {computed}', en: 'Execution rate reported {exec_rate}; executed {executed} ÷ full-year budget {budget_full} = {computed}' },
      },
    },
  },
  query: (s) => sql`
SELECT e.eval_id, e.region, e.department, e.year,
  CASE WHEN coalesce(e.budget_full, 0) = 0 THEN 'budget_full' ELSE 'exec_rate' END AS field,
  CASE WHEN coalesce(e.budget_full, 0) = 0 THEN 'no_budget' ELSE 'rate_off' END AS fault,
  ${fmt('e.budget_full')} AS budget_full, ${fmt('e.executed')} AS executed, ${pct('e.exec_rate')} AS exec_rate,
  ${pctOf('e.executed', 'e.budget_full')} AS computed
FROM evaluations e
WHERE (coalesce(e.budget_full, 0) = 0 AND coalesce(e.executed, 0) <> 0)
   OR (e.budget_full <> 0 AND e.exec_rate IS NOT NULL AND e.executed IS NOT NULL
       AND abs(e.exec_rate * e.budget_full - e.executed) * 100 > ${s.execRateTolerancePoints}::DECIMAL(12,6) * abs(e.budget_full))`,
  fixZh: '请按 全年执行数 ÷ 全年预算数 重新计算并填写执行率。',
  fixEn: 'Recompute the execution rate as full-year spending ÷ full-year budget and write it in.',
});
