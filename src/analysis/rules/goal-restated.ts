import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { clip } from './sql';

export default defineRule({
  id: 'goal-restated',
  severity: 'medium',
  titleZh: '实际完成情况照抄预期目标',
  titleEn: 'Result restates the goal',
  whyZh:
    '实际完成情况应写明年度目标实际完成了什么、完成到什么程度（财政部绩效自评表填报说明）。与预期目标一字不差，说明没有总结实际完成情况，只是把计划复制了一遍。',
  whyEn:
    'The result column must say what was actually achieved and to what extent (MoF filling instructions). A result identical to the planned goal means nothing was reviewed — the plan was pasted in.',
  conditionZh: () => `实际完成情况与预期目标相同（忽略空格和标点），且不为空。`,
  conditionEn: () => `The achieved result equals the planned goal (ignoring spaces and punctuation), and is not blank.`,
  target: 'form',
  points: 15,
  settings: {},
  cells: { goal_actual: 'goal_actual' },
  detail: { zh: '实际完成情况与预期目标相同：「{goal_actual}」', en: 'The result restates the planned goal: "{goal_actual}"' },
  query: () => sql`
SELECT e.eval_id, e.region, e.department, e.year,
  'goal_actual' AS field, ${clip('e.goal_actual', 30)} AS goal_actual
FROM evaluations e
JOIN normalised_texts t ON t.text = e.goal_target
JOIN normalised_texts a ON a.text = e.goal_actual AND a.key = t.key`,
  fixZh: '请按实际完成情况填写“实际完成情况”栏，不得照抄预期目标。',
  fixEn: 'Describe what was actually achieved instead of restating the goal.',
});
