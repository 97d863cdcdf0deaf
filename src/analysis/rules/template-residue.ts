import { ident, join, literal, sql } from '../../db/sql';
import { cellNames } from './detail';
import { defineRule } from './rule';
import { clip } from './sql';

/** The blank template's own instructions, as they survive in cells. Constants, not user text. */
const INSTRUCTIONS = '说明.{0,30}完成情况|字以内|请填写|请输入|(^|[（(，,；;])\\s*如[：:]|例如[：:]';
const NUMBERED_NAME = '^\\s*指标\\s*[0-9０-９一二三四五六七八九十]+\\s*$';

const FORM_CELLS = ['project', 'goal_target', 'goal_actual'] as const;
const INDICATOR_CELLS = ['level3', 'target', 'actual', 'deviation'] as const;

export default defineRule({
  id: 'template-residue',
  severity: 'low',
  titleZh: '残留填表说明',
  titleEn: 'Template instructions left in',
  whyZh:
    '空白模板里的填写说明（“说明……完成情况”“200字以内”“请填写”“如：……”、编号占位的“指标1/指标2”）原样留在表里，说明表格是复制模板后未认真填写就上报的，自评内容的可信度随之降低。',
  whyEn:
    'Instructions of the blank template ("说明…完成情况", "…字以内" word limits, "请填写", "如：…" examples, indicator names still numbered 指标1/指标2) left in the cells show the form was copied from the template and submitted without being filled in properly.',
  conditionZh: () => `项目名称、预期目标、实际完成情况、三级指标、指标值、完成值或偏差原因中含 说明…完成情况、…字以内、请填写、如：…；或三级指标仍为“指标1”“指标2”。每个单元格一条。`,
  conditionEn: () => `A project name, goal, result, indicator, target, actual or deviation cell containing 说明…完成情况, …字以内, 请填写, 如：…; or an indicator name still 指标1/指标2. One finding per cell.`,
  target: 'form',
  points: 10,
  settings: {},
  cells: { project: 'project', goal_target: 'goal_target', goal_actual: 'goal_actual', level3: 'row', target: 'row', actual: 'row', deviation: 'row' },
  detail: {
    zh: '{field}仍为填表说明：「{text}」',
    en: '{field} still holds template instructions: "{text}"',
    choices: { field: cellNames([...FORM_CELLS, ...INDICATOR_CELLS]) },
  },
  query: () => sql`
WITH residue AS (
  -- Each distinct text is matched once, not every cell that repeats it.
  SELECT text, instructions, numbered FROM (
    SELECT text, regexp_matches(text, ${literal(INSTRUCTIONS)}) AS instructions, regexp_matches(text, ${literal(NUMBERED_NAME)}) AS numbered
    FROM normalised_texts
  ) WHERE instructions OR numbered
),
cells AS (
${join(
  [
    ...FORM_CELLS.map(
      (c) =>
        sql`  SELECT e.eval_id, CAST(NULL AS INTEGER) AS seq, e.region, e.department, e.year, ${literal(c)} AS field,
    e.${ident(c)} AS txt, r.instructions, r.numbered
  FROM evaluations e JOIN residue r ON r.text = e.${ident(c)}`,
    ),
    ...INDICATOR_CELLS.map(
      (c) =>
        sql`  SELECT i.eval_id, i.seq, e.region, e.department, e.year, ${literal(c)}, i.${ident(c)}, r.instructions, r.numbered
  FROM indicators i JOIN residue r ON r.text = i.${ident(c)} JOIN evaluations e ON e.eval_id = i.eval_id`,
    ),
  ],
  '\n  UNION ALL\n',
)}
)
SELECT eval_id, seq, region, department, year, field, ${clip('txt', 30)} AS text
FROM cells
WHERE instructions OR (field = 'level3' AND numbered)`,
  fixZh: '请删除残留的填表说明或示例文字，填写实际内容。',
  fixEn: 'Remove the leftover form instructions or example text and write the real content.',
});
