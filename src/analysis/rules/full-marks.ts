import { sql } from '../../db/sql';
import { defineRule } from './rule';
import { fmt } from './sql';

export default defineRule({
  id: 'full-marks',
  severity: 'low',
  titleZh: '全部指标满分',
  titleEn: 'Full marks on every line',
  whyZh:
    '自评应如实反映目标完成程度（财预〔2020〕10号 第三条：绩效评价应客观公正）。每个指标都给满分、执行率也满分的表，在财政部门复核中普遍被视为“自评打分偏高、流于形式”的信号：真实项目很少每项都恰好完成。单独一张不一定有问题，但它是最主要的模板化信号之一。',
  whyEn:
    'A self-evaluation must reflect honestly how far the goals were met (Cai Yu [2020] No. 10, art. 3: evaluation must be objective). Finance-bureau reviews routinely treat a form with full marks on every indicator and on execution as a sign of perfunctory, inflated self-scoring: real projects rarely hit every mark. One such form proves little, but it is among the strongest boilerplate signals.',
  conditionZh: () => `每个有分值的指标得分 = 分值（得分空白不算满分），且执行率得分 = 执行率分值。`,
  conditionEn: () => `Every scored indicator at its weight (a blank score is not full) and execution at full marks (exec_score = exec_weight).`,
  target: 'form',
  points: 25,
  settings: {},
  cells: { total_score: 'total_score' },
  detail: {
    zh: '全部 {n} 个指标得满分，执行率得分 {exec_score} = 分值 {exec_weight}',
    en: 'All {n} indicators at full marks; execution score {exec_score} = its weight {exec_weight}',
  },
  query: () => sql`
SELECT eval_id, region, department, year,
  'total_score' AS field,
  n, ${fmt('exec_score')} AS exec_score, ${fmt('exec_weight')} AS exec_weight
FROM full_marks_forms`,
  fixZh: '请逐项核实指标完成情况，按实际偏差扣分，并说明满分的依据。',
  fixEn: 'Check every indicator, deduct points for real shortfalls and justify each full score.',
});
