import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { departmentKey } from './sql';
import { number, percent } from './words';

/*
 * One finding per form (not per row), listing its template indicators; `seq` is the first such row,
 * `seqs` all of them.
 * This keeps a province-sized result readable: a template name used by hundreds of departments
 * would otherwise produce one finding for every form that carries it.
 */
export default defineRule({
  id: 'generic-indicator',
  severity: 'low',
  titleZh: '使用多部门通用的模板指标',
  titleEn: 'Template indicator shared by many departments',
  whyZh:
    '“促进经济发展”“生态环境改善情况”“受益对象满意度”这类三级指标在许多部门、许多项目上原样出现，与具体项目无关，是下发模板或相互传抄的结果（财政部《项目支出绩效目标和指标设置及取值指引》要求指标体现项目特点）。这类指标几乎总是满分，抬高了总分却不提供信息。',
  whyEn:
    'Indicator names such as "促进经济发展" (promote economic development), "生态环境改善情况" or "受益对象满意度" appear verbatim on the forms of many departments and projects, unrelated to any of them — a circulated template (MoF guidance requires indicators to reflect the project). They nearly always score full marks, inflating totals while saying nothing.',
  conditionZh: (s) => `三级指标名称（忽略空格标点；时效指标与满意度指标的标准行除外）出现在至少 ${number(s.genericMinDepartments)} 个部门（地区 + 部门名称，各县的同名部门分别计）、且不少于数据中部门总数的 ${percent(s.genericMinShare)} 的表上。每张表一条，列出其模板指标。`,
  conditionEn: (s) => `An indicator name (ignoring spaces and punctuation; the standard timeliness and satisfaction lines excepted) used by at least ${number(s.genericMinDepartments)} departments (region + name: each county's 财政局 counts) and at least ${percent(s.genericMinShare)} of all departments in the data. One finding per form, listing its template indicators.`,
  target: 'indicator',
  points: 15,
  settings: {
    genericMinDepartments: numberSetting(5, '通用模板指标：至少出现的部门数', 'Generic indicator: at least this many departments'),
    genericMinShare: numberSetting(0.05, '通用模板指标：至少占部门总数的比例', 'Generic indicator: at least this share of departments'),
  },
  cells: { level3: 'row' },
  detail: {
    zh: '{n} 个指标为多部门通用模板：{examples}{more}',
    en: '{n} indicators are a template shared by many departments: {examples}{more}',
    lists: { examples: { item: { zh: '{item.level3}（{item.d} 个部门）', en: '{item.level3} ({item.d} departments)' }, join: { zh: '、', en: ', ' } } },
    choices: { more: { more: { zh: '等', en: ' etc.' } } },
  },
  query: (s) => sql`
WITH k AS (
  SELECT eval_id, seq, dept, level3, level3_key AS k
  FROM form_indicators WHERE NOT is_sub AND level3_key IS NOT NULL
    -- Every form carries a timeliness and a satisfaction line in the standard wording (完成时间,
    -- 受益对象满意度): that wording is the structure of every form, not a template standing in for a measure.
    AND NOT regexp_matches(coalesce(l2, '') || coalesce(l1, ''), '时效|满意度')
),
g AS (
  SELECT k, count(DISTINCT dept) AS d FROM k GROUP BY k
  HAVING count(DISTINCT dept) >= ${s.genericMinDepartments}
     AND count(DISTINCT dept) >= ${s.genericMinShare}::DOUBLE * (SELECT count(DISTINCT ${departmentKey()}) FROM evaluations)
),
hit AS (
  SELECT k.eval_id, min(k.seq) AS seq, list_sort(list(k.seq)) AS seqs, count(*) AS n, min_by({'level3': k.level3, 'd': g.d}, k.seq, 4) AS first
  FROM k JOIN g ON g.k = k.k GROUP BY k.eval_id
)
SELECT h.eval_id, h.seq, h.seqs, e.region, e.department, e.year, 'level3' AS field,
  h.n, h.first AS examples, CASE WHEN h.n > 4 THEN 'more' END AS more
FROM hit h JOIN evaluations e ON e.eval_id = h.eval_id`,
  fixZh: '请将通用模板指标替换为反映本单位（本项目）产出和效果的具体指标。',
  fixEn: 'Replace the generic template indicator with one that measures this unit\'s (project\'s) own outputs and results.',
});
