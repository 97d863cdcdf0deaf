import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { SPENDING_COLUMNS, fmt } from './sql';


export default defineRule({
  id: 'sangong-parts',
  severity: 'medium',
  titleZh: '“三公”经费与分项合计不符',
  titleEn: '三公 spending does not match its parts',
  whyZh:
    '“三公”经费 = 公务用车购置和运行维护费 + 因公出国（境）费 + 公务接待费，其中公务用车 = 购置费 + 运行维护费（财政部“三公”经费统计口径；部门决算公开要求）。合计与分项不符，说明“三公”数据填报有误，控制情况无从判断。',
  whyEn:
    'The "three public expenses" are official cars (purchase + running), trips abroad and official hospitality, and cars split into purchase and running costs (MoF reporting definitions; final-accounts disclosure rules). A total that its parts do not give means the figures are misreported and the spending-control picture cannot be trusted.',
  conditionZh: () => `上年决算、本年预算、本年决算任一栏：三公经费 ≠ 公务用车购置和维护 + 出国 + 公务接待，或 公务用车购置和维护 ≠ 公车购置 + 公车运行维护。空白分项视为未填报；分项全部空白时不判断。`,
  conditionEn: () => `In any of prior_final / budget / final: 三公经费 ≠ cars + abroad + hospitality, or cars ≠ car purchase + car running, where the parts are reported (a blank part counts as not reported; all parts blank: no finding).`,
  target: 'spending',
  // 附件1 money, not a template signal: no points toward the boilerplate score.
  points: 0,
  settings: {},
  cells: {},
  detail: {
    zh: '{field}：{line}',
    en: '{field}: {line}',
    choices: {
      field: SPENDING_COLUMNS,
      line: {
        total: { zh: '三公经费 {total} ≠ 公务用车购置和维护 {car} + 出国 {abroad} + 公务接待 {reception} = {parts}', en: 'three public expenses {total} ≠ cars {car} + trips abroad {abroad} + hospitality {reception} = {parts}' },
        car: { zh: '公务用车购置和维护经费 {car} ≠ 公车购置 {car_buy} + 公车运行维护 {car_run} = {parts}', en: 'official cars {car} ≠ purchase {car_buy} + running {car_run} = {parts}' },
      },
    },
  },
  query: () => sql`
WITH v AS (SELECT year, region, department, item, role, col, v FROM sangong_lines UNPIVOT (v FOR col IN (prior_final, budget, final))),
p AS (
  SELECT year, region, department, col,
    max(v) FILTER (WHERE role = 'total') AS t, any_value(item) FILTER (WHERE role = 'total') AS t_item,
    max(v) FILTER (WHERE role = 'car') AS car, any_value(item) FILTER (WHERE role = 'car') AS car_item,
    max(v) FILTER (WHERE role = 'abroad') AS ab, max(v) FILTER (WHERE role = 'reception') AS rec,
    max(v) FILTER (WHERE role = 'car_buy') AS buy, max(v) FILTER (WHERE role = 'car_run') AS run
  FROM v GROUP BY year, region, department, col
)
SELECT region, department, year, t_item AS item, col AS field, 'total' AS line,
  ${fmt('t')} AS total, ${fmt('car')} AS car, ${fmt('ab')} AS abroad, ${fmt('rec')} AS reception,
  ${fmt('coalesce(car, 0) + coalesce(ab, 0) + coalesce(rec, 0)')} AS parts, NULL AS car_buy, NULL AS car_run
FROM p
WHERE t IS NOT NULL AND (car IS NOT NULL OR ab IS NOT NULL OR rec IS NOT NULL)
  AND t <> coalesce(car, 0) + coalesce(ab, 0) + coalesce(rec, 0)
UNION ALL
SELECT region, department, year, car_item, col, 'car',
  NULL, ${fmt('car')}, NULL, NULL, ${fmt('coalesce(buy, 0) + coalesce(run, 0)')}, ${fmt('buy')}, ${fmt('run')}
FROM p
WHERE car IS NOT NULL AND (buy IS NOT NULL OR run IS NOT NULL) AND car <> coalesce(buy, 0) + coalesce(run, 0)`,
  fixZh: '请核实“三公”经费合计与各分项金额，使合计等于分项之和。',
  fixEn: 'Check the “three public expenses” total against its parts so that it equals their sum.',
});
