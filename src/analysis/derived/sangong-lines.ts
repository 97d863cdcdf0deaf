// sangong_lines: the 三公经费 lines of 附件1 with their role — total (三公经费), car (公务用车购置和维护经费),
// car_buy (公车购置), car_run (公车运行维护), abroad (出国经费), reception (公务接待) — whatever the
// numbering, quotes (“三公”经费) or "费/经费" ending: each item is classified once, after the same
// normalisation the rules compare texts with (rules/sql.ts norm()). Lines under 项目支出 are never 三公
// lines. The 三公 rules, the 三公 trend, the overview and the CLI read these lines and no other.
// A province repeats the same hundred item names over hundreds of thousands of lines, so `items`
// classifies each name once; the names pass through a list because DuckDB would otherwise push the
// filter on the role below the DISTINCT and classify every line again.
// Columns: year, region, department, item, prior_final, budget, final, role.
import { norm } from '../rules/sql';
import type { Derived } from './objects';

/**
 * A 附件1 item name without its numbering, 其中, spaces or punctuation: "1、公务用车购置和维护经费" →
 * "公务用车购置和维护经费", "其中：公车购置" → "公车购置", "“三公”经费" → "三公经费" (the numbering must be
 * followed by its mark, so the 三 of 三公 stays).
 */
function spendingItem(x: string): string {
  const unnumbered = `regexp_replace(${x}, '^\\s*[(（]?([0-9０-９]+|[一二三四五六七八九十]+)\\s*[、.．,，:：)）]', '')`;
  return `regexp_replace(${norm(unnumbered)}, '^其中', '')`;
}

export const SANGONG_LINES: Derived = {
  name: 'sangong_lines',
  sql: `
WITH items AS (
  SELECT item, CASE
    WHEN it = '三公经费' THEN 'total'
    WHEN it LIKE '%出国%' THEN 'abroad'
    WHEN it LIKE '%接待%' THEN 'reception'
    WHEN (it LIKE '%公务用车%' OR it LIKE '%公车%') AND it LIKE '%购置%' AND (it LIKE '%维护%' OR it LIKE '%运行%') THEN 'car'
    WHEN (it LIKE '%公务用车%' OR it LIKE '%公车%') AND it LIKE '%购置%' THEN 'car_buy'
    WHEN (it LIKE '%公务用车%' OR it LIKE '%公车%') AND (it LIKE '%运行%' OR it LIKE '%维护%') THEN 'car_run'
  END AS role
  FROM (SELECT item, ${spendingItem('item')} AS it FROM (SELECT unnest(list(DISTINCT item)) AS item FROM spending))
)
SELECT s.year, s.region, s.department, s.item, s.prior_final, s.budget, s.final, c.role
FROM spending s JOIN items c ON c.item = s.item AND c.role IS NOT NULL
WHERE coalesce(s.parent, '') NOT LIKE '%项目%'`,
};
