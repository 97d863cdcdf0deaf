// The workbench's example queries: a few a researcher would write first, then every rule of the
// catalogue as runnable SQL with the thresholds in force written in.
import type { Rule } from '../rules/rule';
import { RULES } from '../rules/index';
import type { RuleSettings } from '../settings';
import { inlineParams } from './literals';

/** A rule's SQL with its thresholds written in, runnable as it stands. */
export function ruleExampleSql(rule: Pick<Rule, 'id' | 'titleZh' | 'titleEn' | 'query'>, settings: RuleSettings): string {
  const comment = `-- ${rule.id}: ${rule.titleZh} / ${rule.titleEn}`.replace(/[\r\n]+/g, ' ');
  const q = rule.query(settings);
  return `${comment}\n${inlineParams(q.sql, q.params).trim()}\n`;
}

export interface Example {
  id: string;
  group: 'example' | 'rule';
  titleZh: string;
  titleEn: string;
  sql: string;
}

const EXAMPLES: Example[] = [
  {
    id: 'exec-by-department',
    group: 'example',
    titleZh: '各部门预算执行率（按年度）',
    titleEn: 'Budget execution rate by department and year',
    sql: `-- 各部门预算执行率：全年执行数 ÷ 全年预算数（部门整体自评表）
SELECT year, region, department,
  sum(budget_full) AS budget_full,
  sum(executed) AS executed,
  round(sum(executed) / NULLIF(sum(budget_full), 0), 4) AS exec_rate
FROM evaluations
WHERE kind = '部门整体'
GROUP BY year, region, department
ORDER BY year, exec_rate
`,
  },
  {
    id: 'exec-by-dept-kind',
    group: 'example',
    titleZh: '按部门类型的预算执行率',
    titleEn: 'Budget execution rate by department kind',
    sql: `-- 部门类型在 departments 视图的 dept_kind 列；region 可能为空，所以用 IS NOT DISTINCT FROM 连接
SELECT e.year, d.dept_kind, count(*) AS forms,
  round(sum(e.executed) / NULLIF(sum(e.budget_full), 0), 4) AS exec_rate
FROM evaluations e
JOIN departments d ON d.department = e.department AND d.region IS NOT DISTINCT FROM e.region
WHERE e.kind = '部门整体'
GROUP BY e.year, d.dept_kind
ORDER BY e.year, d.dept_kind
`,
  },
  {
    id: 'sangong-by-year',
    group: 'example',
    titleZh: '“三公”经费决算（按年度）',
    titleEn: 'Three public expenses by year',
    sql: `-- “三公”经费合计：本年预算数与本年决算数（附件1）
SELECT year, count(DISTINCT department) AS departments,
  sum(budget) AS budget, sum(final) AS final
FROM sangong_lines
WHERE role = 'total'
GROUP BY year
ORDER BY year
`,
  },
  {
    id: 'full-marks-forms',
    group: 'example',
    titleZh: '满分的自评表',
    titleEn: 'Forms at full marks',
    sql: `-- 每个有分值的指标都得满分、且执行率得分等于其分值的自评表
SELECT department, year, coalesce(project, '部门整体') AS form, n AS indicators, exec_rate
FROM full_marks_forms
ORDER BY department, year, form
`,
  },
  {
    id: 'generic-indicators',
    group: 'example',
    titleZh: '多个部门共用的三级指标名称',
    titleEn: 'Indicator names shared across departments',
    sql: `-- 同一三级指标名称出现在多少个部门、多少张表上
SELECT trim(i.level3) AS level3,
  count(DISTINCT e.department) AS departments,
  count(DISTINCT i.eval_id) AS forms
FROM indicators i JOIN evaluations e USING (eval_id)
WHERE trim(coalesce(i.level3, '')) <> ''
GROUP BY 1
HAVING count(DISTINCT e.department) > 1
ORDER BY departments DESC, forms DESC, level3
LIMIT 100
`,
  },
  {
    id: 'findings-by-rule',
    group: 'example',
    titleZh: '各规则发现的异常数',
    titleEn: 'Findings per rule',
    sql: `SELECT rule, severity, count(*) AS findings, count(DISTINCT department) AS departments
FROM findings
GROUP BY rule, severity
ORDER BY findings DESC
`,
  },
  {
    id: 'boilerplate-departments',
    group: 'example',
    titleZh: '部门套话得分',
    titleEn: 'Boilerplate score by department',
    sql: `SELECT * FROM department_scores ORDER BY score DESC NULLS LAST, department\n`,
  },
  {
    id: 'my-table',
    group: 'example',
    titleZh: '建自己的表',
    titleEn: 'Create your own table',
    sql: `-- 你可以建自己的表；应用自身的表只读
CREATE OR REPLACE TABLE my_departments AS
SELECT region, department, department_kind(department) AS kind, count(*) AS forms
FROM evaluations
GROUP BY region, department
`,
  },
];

/** The example queries, then every rule of the catalogue with `settings` written in. */
export function exampleQueries(settings: RuleSettings): Example[] {
  return [
    ...EXAMPLES,
    ...RULES.map((r) => ({ id: `rule:${r.id}`, group: 'rule' as const, titleZh: r.titleZh, titleEn: r.titleEn, sql: ruleExampleSql(r, settings) })),
  ];
}
