import { ident, join, literal, raw, sql } from '../../db/sql';
import { cellNames } from './detail';
import { defineRule } from './rule';

const GOALS = ['goal_target', 'goal_actual'] as const;

/**
 * What a cell holding no content at all may say instead of nothing: 无, 空, 0 (spaces and punctuation
 * such as / - — are stripped by norm(), so a cell of only those is blank already). Not the settings'
 * placeholders: 已完成 / 按时完成 / 圆满完成 is a (poor) report of a result, not a missing one.
 * `normalised` is the cell's norm(), NULL for a NULL cell.
 */
const NOTHING = ['无', '空', '0'];
const saysNothing = (normalised: string) => sql`(coalesce(${raw(normalised)}, '') IN ('', ${join(NOTHING.map(literal))}))`;

export default defineRule({
  id: 'goal-missing',
  severity: 'medium',
  titleZh: '年度总体目标未填',
  titleEn: 'Overall goal missing',
  whyZh:
    '“年度总体目标”的预期目标与实际完成情况是自评的出发点（财预〔2020〕10号：绩效评价以绩效目标为依据）。没有目标就无从评价完成程度；没有完成情况，满分也没有依据。',
  whyEn:
    'The overall goal — what was planned and what was done — is where a self-evaluation starts (Cai Yu [2020] No. 10: evaluation is measured against the performance goal). Without a goal there is nothing to measure; without the result, full marks rest on nothing.',
  conditionZh: () => `预期目标或实际完成情况空白，或仅为不含任何内容的占位符（无、空、0、/、-、— 等）；“已完成”“按时完成”之类不算空白。每个空栏一条。`,
  conditionEn: () => `The planned goal or the achieved result is blank or only a content-free placeholder (无, 空, 0, /, -, — …); "已完成" or "按时完成" is a poor report but not a blank. One finding per empty cell.`,
  target: 'form',
  points: 10,
  settings: {},
  cells: { goal_target: 'goal_target', goal_actual: 'goal_actual' },
  detail: {
    zh: '{field}{says}',
    en: '{field} {says}',
    choices: {
      field: cellNames(GOALS),
      says: { blank: { zh: '空白', en: 'blank' }, placeholder: { zh: '仅为「{text}」', en: 'only "{text}"' } },
    },
  },
  query: () =>
    join(
      GOALS.map(
        (col) => sql`
SELECT e.eval_id, e.region, e.department, e.year,
  ${literal(col)} AS field, CASE WHEN coalesce(t.norm, '') = '' THEN 'blank' ELSE 'placeholder' END AS says, trim(e.${ident(col)}) AS text
FROM evaluations e LEFT JOIN normalised_texts t ON t.text = e.${ident(col)}
WHERE ${saysNothing('t.norm')}`,
      ),
      '\nUNION ALL',
    ),
  fixZh: '请填写年度总体目标的预期目标和实际完成情况，写明具体内容。',
  fixEn: 'Fill in the annual goal and what was achieved, with concrete content.',
});
