import { literal, sql } from '../../db/sql';
import { BLANK } from './detail';
import { defineRule, listSetting } from './rule';
import { listParam } from './sql';
import { wordsZh, wordsEn } from './words';

/**
 * A blank target stands as 空 while the examples are de-duplicated and sorted (list_distinct drops
 * NULLs), then is NULL again, for the detail to say blank in each language.
 */
const BLANK_TARGET = BLANK.zh;

export default defineRule({
  id: 'vague-targets',
  severity: 'medium',
  titleZh: '指标值多数未量化',
  titleEn: 'Most targets are not quantified',
  whyZh:
    '绩效目标应“细化、量化、可衡量”（财预〔2020〕10号；财政部《中央部门项目支出核心绩效目标和指标设置及取值指引》）。“有所提升”“效益显著”“持续”之类的指标值无法判断完成与否，写满分也无从核查，是模板化填报的典型特征。',
  whyEn:
    'Performance targets must be specific, quantified and measurable (Cai Yu [2020] No. 10; MoF guidance on setting core performance indicators). Targets like "有所提升" (somewhat improved), "效益显著" (notable benefit) or "持续" (ongoing) cannot be checked, so full marks on them prove nothing — a hallmark of template filling.',
  conditionZh: (s) => `一张表中超过一半的指标值未量化：没有可解析的数值，或含模糊用语（${wordsZh(s.vaguePhrases)}）。`,
  conditionEn: (s) => `More than half of a form's targets are not quantified: no parsable number, or a vague phrase (${wordsEn(s.vaguePhrases)}).`,
  target: 'form',
  points: 15,
  settings: { vaguePhrases: listSetting(
    ['有所提升', '有所提高', '有所改善', '有所增加', '有所', '效益显著', '显著', '持续', '明显', '逐步', '稳步', '不断', '进一步'],
    '使指标值无法衡量的模糊用语',
    'Vague phrases that make a target unmeasurable',
  ) },
  cells: { target: 'column' },
  detail: {
    zh: '{nv}/{n} 个指标值未量化：{examples}',
    en: '{nv}/{n} targets not quantified: {examples}',
    lists: { examples: { item: { zh: '{item}', en: '"{item}"' }, join: { zh: '、', en: ', ' } } },
  },
  query: (s) => sql`
WITH vp AS (SELECT DISTINCT p FROM (SELECT trim(unnest(string_split(${listParam(s.vaguePhrases)}, chr(31)))) AS p) WHERE p <> ''),
-- Each distinct text is searched for the phrases once, not every row that repeats it.
vague_texts AS (SELECT text FROM normalised_texts WHERE EXISTS (SELECT 1 FROM vp WHERE contains(text, vp.p))),
v AS (
  SELECT eval_id, seq, target,
    target_op IS NULL OR target_value IS NULL OR coalesce(target IN (SELECT text FROM vague_texts), false) AS vague
  FROM form_indicators WHERE NOT is_sub
),
t AS (
  SELECT eval_id, count(*) AS n, count(*) FILTER (WHERE vague) AS nv, list(coalesce(target, ${literal(BLANK_TARGET)})) FILTER (WHERE vague) AS ex,
    list_sort(list(seq) FILTER (WHERE vague)) AS seqs
  FROM v GROUP BY eval_id
)
SELECT t.eval_id, t.seqs, e.region, e.department, e.year, 'target' AS field,
  t.nv, t.n, list_transform(list_sort(list_distinct(t.ex))[1:5], x -> NULLIF(x, ${literal(BLANK_TARGET)})) AS examples
FROM t JOIN evaluations e ON e.eval_id = t.eval_id
WHERE t.nv * 2 > t.n`,
  fixZh: '请将定性表述的指标值改为可衡量的数量、比率或时限。',
  fixEn: 'Restate the qualitative targets as measurable quantities, rates or deadlines.',
});
