import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { clip } from './sql';
import { number } from './words';

export default defineRule({
  id: 'satisfaction-constant',
  severity: 'low',
  titleZh: '满意度结果千篇一律',
  titleEn: 'Same satisfaction result everywhere',
  whyZh:
    '满意度指标应来自对服务对象的实际调查（财预〔2020〕10号 将满意度作为效益的组成部分；调查样本和方法应可追溯）。一个部门所有项目、所有年度的满意度都是同一个数，说明并未调查，只是填了一个习惯值。',
  whyEn:
    'Satisfaction indicators should come from an actual survey of the people served (Cai Yu [2020] No. 10 counts satisfaction as part of the outcome; sample and method must be traceable). One department reporting the very same satisfaction on every project and year did not survey anyone — it wrote a habitual number.',
  conditionZh: (s) => `某部门至少 ${number(s.satisfactionMinForms)} 张表有满意度指标（一级或二级指标含“满意度”），且这些表的满意度实际完成值全部相同。`,
  conditionEn: (s) => `A department with satisfaction indicators (level 1 or 2 mentioning 满意度) on at least ${number(s.satisfactionMinForms)} forms, all with identical satisfaction results.`,
  target: 'department',
  points: 5,
  settings: { satisfactionMinForms: numberSetting(3, '满意度恒定：至少表数', 'Constant satisfaction: at least this many forms') },
  cells: { actual: 'column' },
  detail: { zh: '全部 {n} 张表的满意度实际完成值均为「{shown}」', en: 'All {n} forms give the same satisfaction result: "{shown}"' },
  query: (s) => sql`
WITH s AS (
  SELECT i.eval_id,
    -- list_sort() of {seq, …}: ordering small lists afterwards is much cheaper than an ordered aggregate
    list_transform(list_sort(list({'seq': i.seq, 'v': CASE WHEN i.actual_value IS NOT NULL
      THEN CAST(i.actual_value AS VARCHAR) || coalesce(i.actual_unit, '') ELSE t.norm END})), x -> x.v) AS v,
    array_to_string(list_transform(list_sort(list({'seq': i.seq, 'actual': i.actual})), x -> x.actual), '；') AS shown
  FROM form_indicators i JOIN normalised_texts t ON t.text = i.actual
  WHERE NOT i.is_sub AND i.actual_key IS NOT NULL
    AND (coalesce(i.l1, '') LIKE '%满意度%' OR coalesce(i.l2, '') LIKE '%满意度%')
  GROUP BY i.eval_id
)
SELECT e.region, e.department,
  'actual' AS field,
  count(*) AS n, ${clip('any_value(s.shown)', 20)} AS shown
FROM s JOIN evaluations e ON e.eval_id = s.eval_id GROUP BY e.region, e.department
HAVING count(*) >= ${s.satisfactionMinForms} AND count(DISTINCT v) = 1`,
  fixZh: '请附满意度调查的方法、样本和结果，如实填写满意度。',
  fixEn: 'Attach the satisfaction survey\'s method, sample and results, and report the figure as measured.',
});
