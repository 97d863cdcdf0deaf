import { defineRule } from './rule';
import { IND_CTE, blank, clip, departmentName, formLabel, indicatorKey, sameDepartment } from './sql';

/*
 * Two ways a form's indicators are copied:
 *  A. inside the department (region + name) and year: at least half of the form's indicators (key = normalised
 *     三级指标 + 年度指标值) also stand on at least two other forms of the same department and year;
 *  B. across projects or departments: the form shares ≥ 80% of its indicators (Jaccard) with a form
 *     of another project or department (same department + same project in another year is
 *     year-copy's business). Near-copies are sought within one region — the county whose finance
 *     bureau reviews the filings; across a province's ~100 counties the pairwise comparison would not
 *     fit in the browser's memory. Identical indicator sets are found across regions too (hashes).
 * B is a set-similarity join done with prefix filtering (Chaudhuri et al. 2006, "AllPairs"): order
 * every form's keys from globally rarest to commonest; two sets with Jaccard ≥ t must share a key
 * among the first |x| − ⌈t·|x|⌉ + 1 keys of each, so candidate pairs come only from joining those
 * prefixes (plus a length filter) — never a cross join of all forms. Candidates are then counted
 * exactly. A key standing in more than `copiedMaxKeyForms` prefixes of one region is not used to find candidates
 * (it would make the join quadratic in template-heavy data); identical indicator sets are still
 * found, whatever their size, by grouping forms on a hash of their sorted keys. Near-identical sets
 * made only of such ultra-common keys can be missed by B — they are generic-indicator hits anyway.
 * One finding per form; the detail names a few shared indicators and the other forms.
 * A department is its region and name: the 财政局 of two counties are two departments (`k.region` is
 * '' when the data has none, so it groups and compares as a plain key).
 */
export default defineRule({
  id: 'copied-indicators',
  severity: 'medium',
  titleZh: '绩效指标相互照搬',
  titleEn: 'Indicators copied between forms',
  whyZh:
    '绩效指标应依据每个项目自身的产出和效益设定（财预〔2020〕10号；财政部《项目支出绩效目标和指标设置及取值指引》要求指标与项目内容相关、可衡量）。同一部门不同项目、甚至不同部门之间大量使用相同的指标和指标值，说明指标是复制模板而来，不能反映各项目的实际绩效。',
  whyEn:
    'Indicators must follow from each project\'s own outputs and outcomes (Cai Yu [2020] No. 10; MoF guidance requires indicators relevant to the project and measurable). The same indicators with the same targets on a department\'s different projects, or across departments, were copied from a template and say nothing about any one project.',
  conditionZh: '表中至少一半指标（三级指标 + 指标值，忽略空格标点）也出现在同地区同部门同年度至少两张其他表上；或与同地区另一项目/部门的某张表指标重合度（Jaccard）≥ 80%（指标完全相同的表跨地区也算）。',
  conditionEn: 'At least half of a form\'s indicators (level3 + target, ignoring spaces and punctuation) also stand on at least two other forms of the same department (region and name) and year; or the form shares ≥ 80% of its indicators (Jaccard) with a form of another project or department in the same region (identical indicator sets count across regions too).',
  target: 'form',
  sql: `
WITH ${IND_CTE},
k AS (
  SELECT eval_id, any_value(coalesce(region, '')) AS region, any_value(department) AS department, any_value(year) AS year,
    any_value(coalesce(project, '')) AS project, key, min(level3) AS l3
  FROM (SELECT ind.*, ${indicatorKey('ind')} AS key FROM ind WHERE NOT is_sub AND NOT ${blank('level3')})
  GROUP BY eval_id, key
),
n AS (SELECT eval_id, count(*) AS n FROM k GROUP BY eval_id),
lbl AS (
  SELECT e.eval_id, ${formLabel('e')} AS short,
    ${departmentName('e')} || '·' || ${formLabel('e')} || '（' || CAST(e.year AS VARCHAR) || '）' AS long
  FROM evaluations e
),
-- A: within the department and year
dk AS (SELECT region, department, year, key, count(*) AS nf FROM k GROUP BY region, department, year, key),
a AS (
  SELECT k.eval_id, count(*) AS shared,
    list(k.l3 ORDER BY dk.nf DESC, k.l3) AS names
  FROM k JOIN dk ON ${sameDepartment('dk', 'k')} AND dk.year = k.year AND dk.key = k.key
  WHERE dk.nf >= 3 GROUP BY k.eval_id
),
ahit AS (SELECT a.*, n.n FROM a JOIN n ON n.eval_id = a.eval_id WHERE a.shared * 2 >= n.n),
aoth AS (
  SELECT eval_id, list(short ORDER BY c DESC, short) AS others
  FROM (
    SELECT k1.eval_id, l.short, count(*) AS c
    FROM k k1
    JOIN dk ON ${sameDepartment('dk', 'k1')} AND dk.year = k1.year AND dk.key = k1.key AND dk.nf >= 3
    JOIN k k2 ON ${sameDepartment('k2', 'k1')} AND k2.year = k1.year AND k2.key = k1.key AND k2.eval_id <> k1.eval_id
    JOIN lbl l ON l.eval_id = k2.eval_id
    WHERE k1.eval_id IN (SELECT eval_id FROM ahit)
    GROUP BY k1.eval_id, k2.eval_id, l.short
  ) GROUP BY eval_id
),
adet AS (
  SELECT h.eval_id, CAST(h.shared AS VARCHAR) || '/' || CAST(h.n AS VARCHAR) || ' 个指标与本部门本年度其他至少两张表相同（'
    || array_to_string(list_transform(h.names[1:3], x -> '「' || ${clip('x', 16)} || '」'), '')
    || CASE WHEN len(h.names) > 3 THEN '等' ELSE '' END || '），见'
    || array_to_string(list_transform(o.others[1:3], x -> '「' || x || '」'), '')
    || CASE WHEN len(o.others) > 3 THEN '等 ' || CAST(len(o.others) AS VARCHAR) || ' 张表' ELSE '' END AS detail
  FROM ahit h JOIN aoth o ON o.eval_id = h.eval_id
),
-- B: across projects or departments, by prefix filtering
f AS (SELECT key, count(*) AS df FROM k GROUP BY key),
kr AS (
  SELECT k.eval_id, k.region, k.department, k.project, k.key, n.n,
    row_number() OVER (PARTITION BY k.eval_id ORDER BY f.df, k.key) AS r
  FROM k JOIN n ON n.eval_id = k.eval_id JOIN f ON f.key = k.key
),
pre AS (SELECT * FROM kr WHERE r <= n - ceil(?::DECIMAL(6,4) * n) + 1),
pf AS (SELECT region, key FROM pre GROUP BY region, key HAVING count(*) BETWEEN 2 AND ?),
cand AS (
  SELECT DISTINCT p1.eval_id AS a, p2.eval_id AS b
  FROM pre p1
  JOIN pf ON pf.key = p1.key AND pf.region = p1.region
  JOIN pre p2 ON p2.key = p1.key AND p2.eval_id > p1.eval_id AND p2.region = p1.region
  WHERE (NOT ${sameDepartment('p1', 'p2')} OR p1.project <> p2.project)
    AND least(p1.n, p2.n) >= ?::DECIMAL(6,4) * greatest(p1.n, p2.n)
),
ov AS (
  SELECT c.a, c.b, count(*) AS s
  FROM cand c JOIN k k1 ON k1.eval_id = c.a JOIN k k2 ON k2.eval_id = c.b AND k2.key = k1.key
  GROUP BY c.a, c.b
),
jp AS (
  SELECT ov.a, ov.b, ov.s, na.n + nb.n - ov.s AS u
  FROM ov JOIN n na ON na.eval_id = ov.a JOIN n nb ON nb.eval_id = ov.b
  WHERE ov.s >= ?::DECIMAL(6,4) * (na.n + nb.n - ov.s)
),
sg AS (
  SELECT eval_id, any_value(region) AS region, any_value(department) AS department, any_value(project) AS project,
    md5(string_agg(key, chr(30) ORDER BY key)) AS h
  FROM k GROUP BY eval_id
),
sgg AS (SELECT h, count(*) AS g FROM sg GROUP BY h HAVING count(*) > 1),
sgs AS (SELECT h, region, department, project, count(*) AS g2 FROM sg WHERE h IN (SELECT h FROM sgg) GROUP BY h, region, department, project),
sgl AS (
  SELECT sg.h, list({'region': sg.region, 'department': sg.department, 'project': sg.project, 'long': l.long} ORDER BY sg.eval_id)[1:50] AS members
  FROM sg JOIN lbl l ON l.eval_id = sg.eval_id WHERE sg.h IN (SELECT h FROM sgg) GROUP BY sg.h
),
dup AS (
  SELECT sg.eval_id, sgg.g - sgs.g2 AS cnt,
    list_transform(list_filter(sgl.members, m -> NOT ${sameDepartment('m', 'sg')} OR m.project <> sg.project), m -> m.long) AS names
  FROM sg JOIN sgg ON sgg.h = sg.h JOIN sgs ON sgs.h = sg.h AND ${sameDepartment('sgs', 'sg')} AND sgs.project = sg.project
  JOIN sgl ON sgl.h = sg.h
  WHERE sgg.g - sgs.g2 > 0
),
bp AS (
  SELECT a AS eval_id, b AS other, s, u FROM jp
  UNION ALL SELECT b, a, s, u FROM jp
),
bagg AS (
  SELECT bp.eval_id, count(*) AS cnt, max(CAST(bp.s AS DOUBLE) / bp.u) AS jmax,
    list(l.long ORDER BY CAST(bp.s AS DOUBLE) / bp.u DESC, l.long) AS names
  FROM bp JOIN lbl l ON l.eval_id = bp.other GROUP BY bp.eval_id
),
bdet AS (
  SELECT coalesce(b.eval_id, d.eval_id) AS eval_id,
    '指标与其他项目/部门的 ' || CAST(greatest(coalesce(b.cnt, 0), coalesce(d.cnt, 0)) AS VARCHAR)
    || ' 张表重合 ≥ ' || CAST(round(?::DOUBLE * 100) AS INTEGER) || '%（' || CASE WHEN d.eval_id IS NOT NULL THEN '完全相同' ELSE '最高 '
    || CAST(round(b.jmax * 100) AS INTEGER) || '%' END || '），如'
    || array_to_string(list_transform(coalesce(b.names, d.names)[1:3], x -> '「' || x || '」'), '') AS detail
  FROM bagg b FULL OUTER JOIN dup d ON d.eval_id = b.eval_id
)
SELECT e.eval_id, CAST(NULL AS INTEGER) AS seq, e.region, e.department, e.year, CAST(NULL AS VARCHAR) AS item,
  'level3' AS field, concat_ws('；', ad.detail, bd.detail) AS detail
FROM evaluations e
LEFT JOIN adet ad ON ad.eval_id = e.eval_id
LEFT JOIN bdet bd ON bd.eval_id = e.eval_id
WHERE ad.eval_id IS NOT NULL OR bd.eval_id IS NOT NULL`,
  params: (s) => [s.copiedJaccard, s.copiedMaxKeyForms, s.copiedJaccard, s.copiedJaccard, s.copiedJaccard],
});
