import { sql } from '../../db/sql';
import { defineRule, numberSetting } from './rule';
import { fmt, ratioSql } from './sql';
import { percent } from './words';

export default defineRule({
  id: 'budget-adjusted',
  severity: 'low',
  titleZh: '年中预算调整幅度大',
  titleEn: 'Large mid-year budget adjustment',
  whyZh:
    '全年预算数与年初预算数差距大，说明年初预算编制不实或年中大量追加（财预〔2020〕10号 将“预算编制科学性”列为评价内容；湘财绩〔2020〕7号）。执行率以全年预算为分母，追加后执行率仍可达 100%，掩盖了预算编制问题。汨罗市编办的报告自己也承认“年初预算编制不合理，年内预算追加了部分经费”。',
  whyEn:
    'A full-year budget far from the initial budget means the initial budget was unrealistic or money was added mid-year (Cai Yu [2020] No. 10 evaluates budgeting quality; Xiang Cai Ji [2020] No. 7). Since the execution rate is measured against the adjusted budget, it stays at 100% and hides the problem — the seed department\'s own report admits "the initial budget was unreasonable; funds were added during the year".',
  conditionZh: (s) => `|全年预算数 − 年初预算数| > ${percent(s.adjustmentBound)} × 年初预算数；年初预算数为 0 而全年预算数不为 0 视为年中新增。`,
  conditionEn: (s) => `|full-year − initial budget| > ${percent(s.adjustmentBound)} of the initial budget; an initial budget of 0 with money later counts as added mid-year.`,
  target: 'form',
  points: 1,
  settings: { adjustmentBound: numberSetting(0.2, '年中预算调整幅度上限（0.2 = 20%）', 'Mid-year budget adjustment bound (0.2 = 20%)') },
  cells: { budget_full: 'budget_full' },
  detail: {
    zh: '{change}',
    en: '{change}',
    choices: {
      change: {
        added: { zh: '年初预算数 0，全年预算数 {budget_full}：年中新增', en: 'Initial budget 0, full-year budget {budget_full}: added during the year' },
        changed: { zh: '年初预算数 {budget_initial} → 全年预算数 {budget_full}（{change_pct}%）', en: 'Initial budget {budget_initial} → full-year budget {budget_full} ({change_pct}%)' },
      },
    },
  },
  query: (s) => sql`
SELECT e.eval_id, e.region, e.department, e.year,
  'budget_full' AS field,
  CASE WHEN e.budget_initial = 0 THEN 'added' ELSE 'changed' END AS change,
  ${fmt('e.budget_initial')} AS budget_initial, ${fmt('e.budget_full')} AS budget_full,
  CASE WHEN e.budget_full > e.budget_initial THEN '+' ELSE '' END
    || ${fmt(ratioSql('(e.budget_full - e.budget_initial) * 100', 'abs(e.budget_initial)', 2))} AS change_pct
FROM evaluations e
WHERE e.budget_initial IS NOT NULL AND e.budget_full IS NOT NULL
  AND ((e.budget_initial = 0 AND e.budget_full <> 0)
    OR (e.budget_initial <> 0 AND abs(e.budget_full - e.budget_initial) > ${s.adjustmentBound}::DECIMAL(12,6) * abs(e.budget_initial)))`,
  fixZh: '请说明年中预算调整的原因及批复文件，并在偏差原因分析中说明年初预算编制情况。',
  fixEn: 'Explain the mid-year adjustment and cite its approval; say in the deviation analysis how the initial budget was set.',
});
