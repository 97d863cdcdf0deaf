// Runs the rule catalogue against the loaded tables. Every rule's findings go into one DuckDB table,
// `findings`, so the UI, the CLI and the boilerplate score can query and join them; the rows are
// also returned, in catalogue order.
import type { Engine } from '../db/engine';
import { RULES, ruleById } from './rules/index';
import type { Finding, Rule } from './rules/rule';
import { resolveSettings, type RuleSettings } from './settings';

export type { Finding } from './rules/rule';

export const FINDINGS_TABLE_SQL = `CREATE OR REPLACE TABLE findings (
  rule VARCHAR NOT NULL, severity VARCHAR NOT NULL, eval_id VARCHAR, seq INTEGER,
  region VARCHAR, department VARCHAR, year INTEGER, item VARCHAR, field VARCHAR, detail VARCHAR
)`;

function selectRules(ruleIds?: readonly string[]): Rule[] {
  if (!ruleIds) return RULES;
  return ruleIds.map((id) => {
    const r = ruleById(id);
    if (!r) throw new Error(`unknown rule: ${id}`);
    return r;
  });
}

/** The statement that appends one rule's findings to `findings`, and its parameters. */
export function insertStatement(rule: Rule, settings: RuleSettings): { sql: string; params: (string | number)[] } {
  return {
    sql: `INSERT INTO findings
SELECT ?, ?, CAST(r.eval_id AS VARCHAR), CAST(r.seq AS INTEGER), CAST(r.region AS VARCHAR), CAST(r.department AS VARCHAR),
  CAST(r.year AS INTEGER), CAST(r.item AS VARCHAR), CAST(r.field AS VARCHAR), CAST(r.detail AS VARCHAR)
FROM (${rule.sql}
) AS r`,
    params: [rule.id, rule.severity, ...rule.params(settings)],
  };
}

/**
 * Runs the rules (all, or `ruleIds`) with `settings` over the defaults, (re)creating the `findings`
 * table, and returns every finding: catalogue order, then region, department, year, form, row.
 */
export async function runRules(
  engine: Engine,
  settings?: Partial<RuleSettings>,
  ruleIds?: readonly string[],
): Promise<Finding[]> {
  const s = resolveSettings(settings);
  const rules = selectRules(ruleIds);
  await engine.exec(FINDINGS_TABLE_SQL);
  for (const rule of rules) {
    const { sql, params } = insertStatement(rule, s);
    try {
      await engine.query(sql, params);
    } catch (e) {
      throw new Error(`rule ${rule.id} failed: ${(e as Error).message}`);
    }
  }
  const rows = await engine.query<Finding>(
    `SELECT rule, severity, eval_id, seq, region, department, year, item, field, detail FROM findings
     ORDER BY region NULLS FIRST, department NULLS FIRST, year NULLS FIRST, eval_id NULLS FIRST, seq NULLS FIRST, item NULLS FIRST, field, detail`,
  );
  const order = new Map(rules.map((r, i) => [r.id, i]));
  return rows.sort((a, b) => order.get(a.rule)! - order.get(b.rule)!); // stable: keeps the SQL order within a rule
}

/** How many findings each rule produced: every catalogue rule (0 when none), in catalogue order. */
export function ruleHits(findings: readonly Finding[]): Record<string, number> {
  const hits: Record<string, number> = {};
  for (const r of RULES) hits[r.id] = 0;
  for (const f of findings) hits[f.rule] = (hits[f.rule] ?? 0) + 1;
  return hits;
}
