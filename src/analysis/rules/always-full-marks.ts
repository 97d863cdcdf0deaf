import { sql } from '../../db/sql';
import { defineRule } from './rule';

export default defineRule({
  id: 'always-full-marks',
  severity: 'medium',
  titleZh: '部门所有自评表均为满分',
  titleEn: 'Every form of the department at full marks',
  whyZh:
    '一个部门的所有项目、所有年度都是满分，说明自评没有区分度，沦为走过场（财预〔2020〕10号 要求评价结果真实反映绩效；湘财绩〔2020〕7号 将自评质量纳入抽查复核）。这是财政部门选择重点复核对象的常用依据。',
  whyEn:
    'When every project in every year of a department scores full marks, the self-evaluation does not discriminate at all and has become a formality (Cai Yu [2020] No. 10 requires results to reflect performance; Xiang Cai Ji [2020] No. 7 audits self-evaluation quality by sampling). It is a common criterion for choosing departments to review.',
  conditionZh: () => `某部门（同一地区的同名部门）的全部自评表（至少 2 张，跨项目或年度）均为满分（见“全部指标满分”）。`,
  conditionEn: () => `All of a department's forms (a department is its region and name) (at least 2, across projects or years) are at full marks (see full-marks).`,
  target: 'department',
  points: 15,
  settings: {},
  cells: { total_score: 'total_score' },
  detail: { zh: '全部 {n} 张自评表（{years} 年）均为满分', en: 'All {n} forms ({years}) at full marks' },
  query: () => sql`
WITH d AS (
  SELECT e.region, e.department, count(*) AS n, count(fm.eval_id) AS nf, min(e.year) AS y0, max(e.year) AS y1
  FROM evaluations e LEFT JOIN full_marks_forms fm ON fm.eval_id = e.eval_id
  GROUP BY e.region, e.department
)
SELECT region, department,
  'total_score' AS field,
  n, CAST(y0 AS VARCHAR) || CASE WHEN y1 <> y0 THEN '–' || CAST(y1 AS VARCHAR) ELSE '' END AS years
FROM d WHERE n >= 2 AND nf = n`,
  fixZh: '请逐表核实各指标完成情况，按实际偏差如实扣分，并说明满分的依据。',
  fixEn: 'Check each form\'s indicators, deduct points for real shortfalls and justify every full score.',
});
