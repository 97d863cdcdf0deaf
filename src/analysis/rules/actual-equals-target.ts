import { literal, sql } from '../../db/sql';
import { defineRule } from './rule';
import { clip } from './sql';

/** Plan wording that has no place in a result. */
const PLAN_WORDS = '[≥≧≤≦]|>=|<=|有所';

export default defineRule({
  id: 'actual-equals-target',
  severity: 'medium',
  titleZh: '实际完成值照抄指标值',
  titleEn: 'Actual value copies the target',
  whyZh:
    '“实际完成值”应填写年末实际达到的结果（财政部绩效自评表填报说明）。定性指标的完成值与指标值一字不差（如目标“有所提升”、完成“有所提升”），或完成值里还留着“≥”“有所”这类计划用语，说明没有收集实际数据，只是把目标抄了一遍。',
  whyEn:
    'The actual column must state what was achieved by year end (MoF filling instructions). A qualitative indicator whose actual repeats the target word for word ("有所提升" → "有所提升"), or an actual still holding plan wording such as ≥ or 有所, means no result was measured — the plan was copied.',
  conditionZh: () => `未量化指标的实际完成值与年度指标值相同（忽略空格和标点）；或实际完成值含 ≥、≧、≤、≦、有所。`,
  conditionEn: () => `On an unquantified indicator the actual equals the target (ignoring spaces and punctuation); or the actual contains ≥, ≧, ≤, ≦ or 有所.`,
  target: 'indicator',
  points: 15,
  settings: {},
  cells: { actual: 'row' },
  detail: {
    zh: '「{level3}」{copy}',
    en: '"{level3}": {copy}',
    choices: {
      copy: {
        same: { zh: '实际完成值与指标值同为「{actual}」', en: 'actual and target both "{actual}"' },
        plan: { zh: '实际完成值「{actual}」仍是计划用语', en: 'the actual "{actual}" is still plan wording' },
      },
    },
  },
  query: () => sql`
-- Each distinct text is matched once, not every row that repeats it.
WITH plan_texts AS (SELECT text FROM normalised_texts WHERE regexp_matches(text, ${literal(PLAN_WORDS)}))
SELECT i.eval_id, i.seq, e.region, e.department, e.year, 'actual' AS field,
  ${clip('i.level3', 20)} AS level3, ${clip('i.actual', 16)} AS actual,
  CASE WHEN i.target_op IS NULL AND i.actual_key = i.target_key THEN 'same' ELSE 'plan' END AS copy
FROM form_indicators i JOIN evaluations e ON e.eval_id = i.eval_id
WHERE NOT i.is_sub AND (i.actual IN (SELECT text FROM plan_texts) OR (i.target_op IS NULL AND i.actual_key = i.target_key))`,
  fixZh: '请按实际完成情况填写实际完成值（实际数值或完成情况），不得照抄年度指标值。',
  fixEn: 'Write what was actually achieved (the measured value or outcome), not a copy of the target.',
});
