import { defineRule } from './rule';
import { blank, clip, norm } from './sql';

export default defineRule({
  id: 'goal-restated',
  severity: 'medium',
  titleZh: '实际完成情况照抄预期目标',
  titleEn: 'Result restates the goal',
  whyZh:
    '实际完成情况应写明年度目标实际完成了什么、完成到什么程度（财政部绩效自评表填报说明）。与预期目标一字不差，说明没有总结实际完成情况，只是把计划复制了一遍。',
  whyEn:
    'The result column must say what was actually achieved and to what extent (MoF filling instructions). A result identical to the planned goal means nothing was reviewed — the plan was pasted in.',
  conditionZh: '实际完成情况与预期目标相同（忽略空格和标点），且不为空。',
  conditionEn: 'The achieved result equals the planned goal (ignoring spaces and punctuation), and is not blank.',
  target: 'form',
  sql: `
SELECT eval_id, CAST(NULL AS INTEGER) AS seq, region, department, year, CAST(NULL AS VARCHAR) AS item,
  'goal_actual' AS field, '实际完成情况与预期目标相同：「' || ${clip('goal_actual', 30)} || '」' AS detail
FROM evaluations
WHERE NOT ${blank('goal_target')} AND ${norm('goal_actual')} = ${norm('goal_target')}`,
  params: () => [],
});
