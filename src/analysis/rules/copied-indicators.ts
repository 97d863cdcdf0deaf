import { literal, sql, withSteps } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { FORM_BLANK, clip, departmentName, formLabel } from './sql';
import { number, percent } from './words';

/*
 * Two ways a form's indicators are copied:
 *  A. inside the department (region + name) and year: at least half of the form's indicators (key = normalised
 *     三级指标 + 年度指标值) also stand on at least two other forms of the same department and year;
 *  B. across projects or departments: the form shares ≥ 80% of its indicators (Jaccard) with a form
 *     of another project or department anywhere among the loaded forms — one template copied across
 *     the counties of a province is the strongest boilerplate signal (same department + same project
 *     in another year is year-copy's business).
 * B is a set-similarity join done with prefix filtering (Chaudhuri et al. 2006, "AllPairs") and
 * PPJoin's positional filter: order the keys from globally rarest to commonest; two sets with
 * Jaccard ≥ t must share a key among the first |x| − ⌈t·|x|⌉ + 1 keys of each, so candidate pairs
 * come only from joining those prefixes (plus a length filter) — never a cross join of all forms.
 * Candidates are then counted exactly. The join runs on classes of forms, not forms: forms whose
 * keys that stand on some other form are the same, and of the same size, have the same Jaccard with
 * everyone (the generated province: 110 k forms, 75 k classes; 5.4 M pairs of forms across counties
 * are 0.85 M pairs of classes, plus classes with themselves), and a form's partners are its class's
 * partners' forms. A key standing in more than `copiedMaxKeyForms` class prefixes is not used to
 * find candidates (it would make the join quadratic in template-heavy data); forms of one class
 * are paired whatever their keys, so identical indicator sets are always found. Near-identical sets
 * made only of such ultra-common keys can be missed by B — they are generic-indicator hits anyway.
 * One finding per form; the detail names a few shared indicators and the other forms, `related` those
 * forms and `seqs` the form's copied rows.
 * Forms, keys, departments and regions travel as 64-bit hashes and keys as their rarity rank (`id`),
 * so the joins and groups run on numbers; texts are attached only to what is shown. A department is
 * its region and name: the 财政局 of two counties are two departments.
 * The query is written as steps (withSteps): one WITH statement in the browser; native DuckDB builds
 * each step as a TEMP table, since at national size (22.7 M indicator rows) the CTEs it reads twice,
 * held in memory whole, ran out of 8 GB, and tables spill.
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
  conditionZh: (s) => `表中至少一半指标（三级指标 + 指标值，忽略空格标点）也出现在同地区同部门同年度至少两张其他表上；或与任一地区另一项目/部门的某张表指标重合度（Jaccard）≥ ${percent(s.copiedJaccard)}（出现在超过 ${number(s.copiedMaxKeyForms)} 类表候选前缀中的指标不用于寻找候选；指标完全相同的表总能找到）。`,
  conditionEn: (s) => `At least half of a form's indicators (level3 + target, ignoring spaces and punctuation) also stand on at least two other forms of the same department (region and name) and year; or the form shares ≥ ${percent(s.copiedJaccard)} of its indicators (Jaccard) with a form of another project or department in any region (an indicator in the candidate prefixes of more than ${number(s.copiedMaxKeyForms)} classes of forms is not used to find candidates; identical indicator sets are always found).`,
  target: 'form',
  points: 25,
  settings: {
    copiedJaccard: numberSetting(0.8, '指标照搬：重合度（Jaccard）下限', 'Copied indicators: Jaccard similarity at least'),
    copiedMaxKeyForms: numberSetting(200, '指标照搬：用于找候选的指标最多出现表类数', 'Copied indicators: most classes of forms a candidate key may stand on'),
  },
  cells: { level3: 'column' },
  detail: {
    zh: '{within}{also}{across}',
    en: '{within}{also}{across}',
    choices: {
      within: {
        within: {
          zh: '{shared}/{n} 个指标与本部门本年度其他至少两张表相同（{names}{more_names}），见{forms}{more_forms}',
          en: '{shared}/{n} indicators also stand on at least two other forms of the department this year ({names}{more_names}); see {forms}{more_forms}',
        },
      },
      more_names: { more: { zh: '等', en: ' etc.' } },
      more_forms: { more: { zh: '等 {others} 张表', en: ' and others, {others} forms in all' } },
      also: { and: { zh: '；', en: '; ' } },
      across: {
        across: {
          zh: '指标与其他项目/部门的 {across_others} 张表重合 ≥ {jaccard}%（{how}），如{across_forms}',
          en: 'indicators overlap ≥ {jaccard}% with {across_others} forms of other projects or departments ({how}), e.g. {across_forms}',
        },
      },
      how: { identical: { zh: '完全相同', en: 'identical' }, highest: { zh: '最高 {jmax}%', en: 'up to {jmax}%' } },
    },
    lists: {
      names: { item: { zh: '「{item}」', en: '"{item}"' }, join: { zh: '', en: ', ' } },
      forms: { item: { zh: '「{item.project}」', en: '"{item.project}"' }, join: { zh: '', en: ', ' } },
      across_forms: { item: { zh: '「{item.department}·{item.project}（{item.year}）」', en: '"{item.department} · {item.project} ({item.year})"' }, join: { zh: '', en: ', ' } },
    },
    blanks: { project: FORM_BLANK },
  },
  query: (s) =>
    withSteps(
      [
        { name: 'k', query: sql`
  SELECT hash(eval_id) AS form, dept, year, indicator_key AS key, min(level3) AS l3
  FROM form_indicators WHERE NOT is_sub AND indicator_key IS NOT NULL
  GROUP BY form, dept, year, key` },
        // A form: how many keys it has (n), its project (same department + project in another year is
        // year-copy's business) and its core — the keys that stand on some other form too, in key order.
        { name: 'kf', query: sql`SELECT key, count(*) AS nf FROM k GROUP BY key` },
        { name: 'f', query: sql`
  SELECT x.form, x.n, x.core, hash(coalesce(e.region, ''), e.department, coalesce(e.project, '')) AS proj
  FROM (
    SELECT k.form, CAST(count(*) AS INTEGER) AS n, list_sort(list(k.key) FILTER (kf.nf > 1)) AS core
    FROM k JOIN kf ON kf.key = k.key GROUP BY k.form
  ) x JOIN evaluations e ON hash(e.eval_id) = x.form` },
        // How the detail names a form: short (its project) within the department, long (department,
        // project, year) across. The forms are ordered by the label as the Chinese detail reads it (…_by),
        // so both languages name the same forms in the same order.
        // The labels' orders travel as ranks (short_by: ties stay ties; long_by then eval_id: one per form), so
        // the min_by() below compare integers, not texts.
        { name: 'lbl', query: sql`
  SELECT form, eval_id, short, long, dense_rank() OVER (ORDER BY short_by) AS short_by,
    row_number() OVER (ORDER BY long_by, eval_id) AS long_by
  FROM (
    SELECT hash(e.eval_id) AS form, e.eval_id, {'project': ${formLabel('e')}} AS short,
      {'department': ${departmentName('e')}, 'project': ${formLabel('e')}, 'year': e.year} AS long,
      coalesce(${formLabel('e')}, ${literal(FORM_BLANK.zh)}) AS short_by,
      ${departmentName('e')} || '·' || coalesce(${formLabel('e')}, ${literal(FORM_BLANK.zh)}) || '（' || CAST(e.year AS VARCHAR) || '）' AS long_by
    FROM evaluations e
  )` },
        // A: within the department and year. min_by(x, order, 3): the first three x by that order.
        { name: 'dk', query: sql`SELECT dept, year, key, count(*) AS nf FROM k GROUP BY dept, year, key HAVING count(*) >= 3` },
        { name: 'ka', query: sql`SELECT k.form, k.dept, k.year, k.key, k.l3, dk.nf FROM k JOIN dk ON dk.dept = k.dept AND dk.year = k.year AND dk.key = k.key` },
        { name: 'ahit', query: sql`
  SELECT ka.form, count(*) AS shared, any_value(f.n) AS n
  FROM ka JOIN f ON f.form = ka.form GROUP BY ka.form
  HAVING count(*) * 2 >= any_value(f.n)` },
        { name: 'anames', query: sql`
  SELECT form, min_by(l3, {'nf': -nf, 'l3': l3}, 3) AS names FROM ka WHERE form IN (SELECT form FROM ahit) GROUP BY form` },
        { name: 'aoth', query: sql`
  SELECT p.form, count(*) AS others, min_by(l.short, {'c': -p.c, 'short': l.short_by}, 3) AS names,
    min_by(l.eval_id, {'c': -p.c, 'short': l.short_by}, 3) AS rel
  FROM (
    SELECT k1.form, k2.form AS other, count(*) AS c
    FROM ka k1
    JOIN ka k2 ON k2.dept = k1.dept AND k2.year = k1.year AND k2.key = k1.key AND k2.form <> k1.form
    WHERE k1.form IN (SELECT form FROM ahit)
    GROUP BY k1.form, k2.form
  ) p JOIN lbl l ON l.form = p.other
  GROUP BY p.form` },
        { name: 'adet', query: sql`
  SELECT h.form, h.shared, h.n, list_transform(a.names, x -> ${clip('x', 16)}) AS names,
    CASE WHEN h.shared > 3 THEN 'more' END AS more_names, o.names AS forms, o.others,
    CASE WHEN o.others > 3 THEN 'more' END AS more_forms, o.rel
  FROM ahit h JOIN anames a ON a.form = h.form JOIN aoth o ON o.form = h.form` },
        // B: across projects or departments, by prefix filtering over classes of forms. Forms of one core and
        // size share every key that counts (a key on one form only is shared with none), so their Jaccard
        // with any form is the same: the join runs on classes (g forms each), keys numbered from the rarest
        // (on fewest classes) to the commonest, the order prefix filtering needs.
        { name: 'fc', query: sql`SELECT form, proj, hash(core, n) AS cls FROM f` },
        { name: 'cls', query: sql`SELECT hash(core, n) AS cls, any_value(core) AS core, any_value(n) AS n, count(*) AS g FROM f GROUP BY 1` },
        { name: 'kid', query: sql`SELECT key, row_number() OVER (ORDER BY count(*), key) AS id FROM (SELECT unnest(core) AS key FROM cls) GROUP BY key` },
        { name: 'cl', query: sql`
  SELECT c.cls, any_value(c.n) AS n, any_value(c.g) AS g, list_sort(list(kid.id)) AS ids
  FROM (SELECT cls, n, g, unnest(core) AS key FROM cls) c JOIN kid ON kid.key = c.key GROUP BY c.cls` },
        // lo = ⌈t·n⌉: a class's prefix is the first n − lo + 1 keys of its forms' sets, whose rarest are
        // the u = n − len(ids) keys of one form only; two classes can reach t only if each has at least
        // the other's lo keys (the length filter, in integers), and share a key of both prefixes at
        // positions p, q with 1 + min(n₁ − p, n₂ − q) keys left for the overlap t·(n₁ + n₂)/(1 + t) needs
        // (the positional filter of PPJoin, Xiao et al. 2008: it holds at the first key they share).
        { name: 'pre', query: sql`
  SELECT cls, n, lo, u + generate_subscripts(p, 1) AS pos, unnest(p) AS id
  FROM (SELECT cls, n, lo, u, ids[1:n - lo + 1 - u] AS p
        FROM (SELECT *, CAST(ceil(${s.copiedJaccard}::DECIMAL(6,4) * n) AS INTEGER) AS lo, n - CAST(len(ids) AS INTEGER) AS u FROM cl))` },
        { name: 'pf', query: sql`SELECT id FROM pre GROUP BY id HAVING count(*) BETWEEN 2 AND ${s.copiedMaxKeyForms}` },
        { name: 'cand', query: sql`
  SELECT DISTINCT p1.cls AS a, p2.cls AS b
  FROM pre p1
  JOIN pf ON pf.id = p1.id
  JOIN pre p2 ON p2.id = p1.id AND p2.cls > p1.cls
  WHERE p2.lo <= p1.n AND p1.lo <= p2.n
    AND (1 + least(p1.n - p1.pos, p2.n - p2.pos)) * (1 + ${s.copiedJaccard}::DECIMAL(6,4)) >= ${s.copiedJaccard}::DECIMAL(6,4) * (p1.n + p2.n)` },
        { name: 'ov', query: sql`
  SELECT c.a, c.b, CAST(len(list_filter(ca.ids, x -> list_contains(cb.ids, x))) AS INTEGER) AS s, ca.n + cb.n AS nn
  FROM cand c JOIN cl ca ON ca.cls = c.a JOIN cl cb ON cb.cls = c.b` },
        { name: 'jp', query: sql`SELECT a, b, CAST(s AS DOUBLE) / (nn - s) AS j FROM ov WHERE s >= ${s.copiedJaccard}::DECIMAL(6,4) * (nn - s)` },
        // Pairs of classes both ways, and a class with itself (its forms share its core: J = len / (2n − len),
        // 1 for identical sets, found whatever keys may seed a pair).
        { name: 'cp', query: sql`
  SELECT a AS cls, b AS other, j FROM jp
  UNION ALL SELECT b, a, j FROM jp
  UNION ALL
  SELECT cls, cls, CAST(len(ids) AS DOUBLE) / (2 * n - len(ids)) FROM cl
  WHERE g > 1 AND len(ids) >= ${s.copiedJaccard}::DECIMAL(6,4) * (2 * n - len(ids))` },
        // A form's partners: the forms of its classes' partners outside its own project.
        { name: 'cproj', query: sql`SELECT cls, proj, count(*) AS np FROM fc GROUP BY cls, proj` },
        { name: 'fd', query: sql`
  SELECT fc.form, fc.proj, cp.other, cp.j, coalesce(o.np, 0) AS own, cl.g - coalesce(o.np, 0) AS m
  FROM fc JOIN cp ON cp.cls = fc.cls JOIN cl ON cl.cls = cp.other
  LEFT JOIN cproj o ON o.cls = cp.other AND o.proj = fc.proj
  WHERE cl.g > coalesce(o.np, 0)` },
        // The forms named: the first three by Jaccard, then label; of a class only its first forms by label
        // can be among them (three, plus as many as are of the form's own project).
        // (own ≤ the most forms one project has in the class: fr keeps no more of a class, so that a big class
        // of identical forms does not join all its forms to each of them.)
        { name: 'fr', query: sql`
  SELECT x.* FROM (SELECT fc.cls, fc.form, fc.proj, row_number() OVER (PARTITION BY fc.cls ORDER BY l.long_by) AS r FROM fc JOIN lbl l ON l.form = fc.form) x
  JOIN (SELECT cls, max(np) AS top FROM cproj GROUP BY cls) t ON t.cls = x.cls
  WHERE x.r <= 3 + t.top` },
        { name: 'bagg', query: sql`
  SELECT fd.form, sum(fd.m) AS cnt, max(fd.j) AS jmax FROM fd GROUP BY fd.form` },
        { name: 'bnames', query: sql`
  SELECT fd.form, min_by(l.long, {'j': -fd.j, 'long': l.long_by}, 3) AS names,
    min_by(l.eval_id, {'j': -fd.j, 'long': l.long_by}, 3) AS rel
  FROM fd JOIN fr ON fr.cls = fd.other AND fr.r <= 3 + fd.own AND fr.proj <> fd.proj
  JOIN lbl l ON l.form = fr.form GROUP BY fd.form` },
        { name: 'bdet', query: sql`
  SELECT b.form, b.cnt AS others, CAST(round(${s.copiedJaccard}::DOUBLE * 100) AS INTEGER) AS jaccard,
    CASE WHEN b.jmax = 1 THEN 'identical' ELSE 'highest' END AS how, CAST(round(b.jmax * 100) AS INTEGER) AS jmax,
    n.names AS forms, n.rel
  FROM bagg b JOIN bnames n ON n.form = b.form` },
        // The rows a finding names: those of A's keys (on two other forms of the department and year) and
        // those it shares with the forms B names. Only the flagged forms and the few forms they name are read.
        { name: 'named', query: sql`
  SELECT form, key FROM ka WHERE form IN (SELECT form FROM ahit)
  UNION
  SELECT k1.form, k1.key
  FROM (SELECT form, unnest(rel) AS other FROM bdet) r
  JOIN k k1 ON k1.form = r.form JOIN k k2 ON k2.form = hash(r.other) AND k2.key = k1.key` },
        { name: 'named_rows', query: sql`
  SELECT hash(i.eval_id) AS form, list_sort(list(DISTINCT i.seq)) AS seqs
  FROM form_indicators i JOIN named n ON n.form = hash(i.eval_id) AND n.key = i.indicator_key
  WHERE NOT i.is_sub GROUP BY 1` },
      ],
      sql`
SELECT e.eval_id, e.region, e.department, e.year, 'level3' AS field,
  CASE WHEN ad.form IS NOT NULL THEN 'within' END AS within, CASE WHEN ad.form IS NOT NULL AND bd.form IS NOT NULL THEN 'and' END AS also,
  CASE WHEN bd.form IS NOT NULL THEN 'across' END AS across,
  ad.shared, ad.n, ad.names, ad.more_names, ad.forms, ad.others, ad.more_forms,
  bd.others AS across_others, bd.jaccard, bd.how, bd.jmax, bd.forms AS across_forms,
  rw.seqs, list_sort(list_distinct(list_concat(coalesce(ad.rel, []), coalesce(bd.rel, [])))) AS related
FROM evaluations e
LEFT JOIN adet ad ON ad.form = hash(e.eval_id)
LEFT JOIN bdet bd ON bd.form = hash(e.eval_id)
LEFT JOIN named_rows rw ON rw.form = hash(e.eval_id)
WHERE ad.form IS NOT NULL OR bd.form IS NOT NULL`,
    ),
  fixZh: '请结合本单位（本项目）的职责和任务重新设置绩效指标，不得照搬其他单位或项目的指标。',
  fixEn: 'Set indicators from this unit\'s (project\'s) own duties and tasks instead of copying another unit\'s or project\'s.',
});
