import { defineRule } from './rule';
import { PLACEHOLDER_CTE, blank, empty, placeholderParam } from './sql';

const GOALS = [
  ['goal_target', '预期目标'],
  ['goal_actual', '实际完成情况'],
] as const;

export default defineRule({
  id: 'goal-missing',
  severity: 'medium',
  titleZh: '年度总体目标未填',
  titleEn: 'Overall goal missing',
  whyZh:
    '“年度总体目标”的预期目标与实际完成情况是自评的出发点（财预〔2020〕10号：绩效评价以绩效目标为依据）。没有目标就无从评价完成程度；没有完成情况，满分也没有依据。',
  whyEn:
    'The overall goal — what was planned and what was done — is where a self-evaluation starts (Cai Yu [2020] No. 10: evaluation is measured against the performance goal). Without a goal there is nothing to measure; without the result, full marks rest on nothing.',
  conditionZh: '预期目标或实际完成情况空白，或仅为占位词（无、已完成、/ 等）。每个空栏一条。',
  conditionEn: 'The planned goal or the achieved result is blank or only a placeholder (无, 已完成, / …). One finding per empty cell.',
  target: 'form',
  sql: `
WITH ${PLACEHOLDER_CTE}
${GOALS.map(
  ([col, label]) => `SELECT eval_id, CAST(NULL AS INTEGER) AS seq, department, year, CAST(NULL AS VARCHAR) AS item,
  '${col}' AS field, CASE WHEN ${blank(col)} THEN '${label}空白' ELSE '${label}仅为「' || trim(${col}) || '」' END AS detail
FROM evaluations WHERE ${empty(col)}`,
).join('\nUNION ALL\n')}`,
  params: (s) => [placeholderParam(s)],
});
