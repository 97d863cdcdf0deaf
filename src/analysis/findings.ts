// Runs the rule catalogue against the loaded tables. Every rule's findings go into one DuckDB table,
// `findings`, so the UI, the CLI and the boilerplate score can query and join them; runRules() also
// returns the rows, in catalogue order.
import type { Engine } from '../db/engine';
import { isStepwise, raw, sql, type SqlFragment } from '../db/sql';
import { prepareTables, readsTable } from './prepare';
import { RULES, ruleById } from './rules/index';
import { detailSql } from './rules/detail';
import { PLACE_COLUMNS, type Finding, type Rule } from './rules/rule';
import { resolveSettings, type RuleSettings } from './settings';

export type { Finding } from './rules/rule';

export const FINDINGS_TABLE_SQL = `CREATE OR REPLACE TABLE findings (
  rule VARCHAR NOT NULL, severity VARCHAR NOT NULL, eval_id VARCHAR, seq INTEGER,
  region VARCHAR, department VARCHAR, year INTEGER, item VARCHAR, field VARCHAR, detail VARCHAR, detail_en VARCHAR,
  seqs INTEGER[], related VARCHAR[]
)`;

function selectRules(ruleIds?: readonly string[]): readonly Rule[] {
  if (!ruleIds) return RULES;
  return ruleIds.map((id) => {
    const r = ruleById(id);
    if (!r) throw new Error(`unknown rule: ${id}`);
    return r;
  });
}

/**
 * Where the rules' rows gather before they enter `findings` in one statement. Appending a province's
 * ~700 k findings to a persistent table in one commit per rule makes the next large write pay ~0.4 s
 * more (measured in DuckDB-WASM); appending them to a temporary table does not.
 */
const STAGING = 'findings_staging';

const PLACES = raw(`COLUMNS(c -> c IN (${PLACE_COLUMNS.map((c) => `'${c}'`).join(', ')}))`);

/**
 * The statement that appends one rule's findings to the staging table, and its parameters. A rule
 * returns only the place columns it has (by name) and its detail's arguments; BY NAME fills the
 * other places with NULL, so a rule never spells out the columns it does not produce. The detail is
 * rendered here, in both languages, from the rule's templates — the one place sentences are made.
 */
export function insertStatement(rule: Rule, settings: RuleSettings, query: SqlFragment = rule.query(settings)): SqlFragment {
  return sql`INSERT INTO ${raw(STAGING)} BY NAME
SELECT ${rule.id} AS rule, ${rule.severity} AS severity, ${PLACES},
  ${raw(detailSql(rule.detail, 'zh'))} AS detail,
  ${raw(detailSql(rule.detail, 'en'))} AS detail_en
FROM (${query}
) AS r`;
}

/**
 * Appends one rule's findings to the staging table. A stepwise query on an engine that asks for it
 * (Engine.stepsAsTables) first builds its steps as TEMP tables, in order, then inserts its final
 * SELECT over them; the tables are dropped whatever happens, so the next rule starts clean.
 */
async function insertFindings(engine: Engine, rule: Rule, settings: RuleSettings): Promise<void> {
  const query = rule.query(settings);
  if (!engine.stepsAsTables || !isStepwise(query)) {
    const insert = insertStatement(rule, settings, query);
    await engine.query(insert.sql, insert.params);
    return;
  }
  const built: string[] = [];
  try {
    for (const step of query.steps) {
      await engine.query(`CREATE OR REPLACE TEMP TABLE ${step.name} AS ${step.query.sql}`, step.query.params);
      built.push(step.name);
    }
    const insert = insertStatement(rule, settings, query.final);
    await engine.query(insert.sql, insert.params);
  } finally {
    for (const name of built.reverse()) await engine.exec(`DROP TABLE IF EXISTS temp.${name}`);
  }
}

/** A rule that could not run, by id, with DuckDB's message. The other rules' findings stand. */
export interface RuleFailure {
  rule: string;
  message: string;
}

/** A failure as one line, in both languages: what the CLI prints and runRules() throws. */
export const failureText = (f: RuleFailure) => `规则 ${f.rule} 运行失败 / rule ${f.rule} failed: ${f.message}`;

/**
 * Runs `rules` (the catalogue by default) with `settings` over the defaults into a fresh `findings`
 * table, after preparing the tables they read (prepare.ts). A rule that fails costs only its own
 * findings: each rule's rows go into the staging table in one statement, which DuckDB rolls back
 * whole on error, and the failure comes back by rule id instead of aborting the others. Returns the
 * failures (none, normally); a province yields hundreds of thousands of findings, which the views
 * query where they are: readFindings() fetches them.
 */
export async function writeFindings(
  engine: Engine,
  settings?: Partial<RuleSettings>,
  rules: readonly Rule[] = RULES,
): Promise<RuleFailure[]> {
  const s = resolveSettings(settings);
  const unprepared = await prepareTables(engine, rules.map((r) => r.sql));
  await engine.exec(FINDINGS_TABLE_SQL);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${STAGING} AS FROM findings LIMIT 0`);
  const failures: RuleFailure[] = [];
  try {
    for (const rule of rules) {
      try {
        await insertFindings(engine, rule, s);
      } catch (e) {
        // A prepared table that could not be built makes its readers fail for want of it: say why.
        const why = unprepared.filter((t) => readsTable(rule.sql, t.name)).map((t) => `${t.name}: ${t.message}; `);
        failures.push({ rule: rule.id, message: `${why.join('')}${(e as Error).message}` });
      }
    }
    await engine.exec(`INSERT INTO findings FROM ${STAGING}`);
  } finally {
    await engine.exec(`DROP TABLE ${STAGING}`);
  }
  return failures;
}

/**
 * Every row of `findings`: by rule (in the order of `ruleIds`, else the catalogue's), then region,
 * department, year, form, row.
 */
export async function readFindings(engine: Engine, ruleIds?: readonly string[]): Promise<Finding[]> {
  const rows = await engine.query<Finding>(
    `SELECT rule, severity, eval_id, seq, region, department, year, item, field, detail, detail_en, seqs, related FROM findings
     ORDER BY region NULLS FIRST, department NULLS FIRST, year NULLS FIRST, eval_id NULLS FIRST, seq NULLS FIRST, item NULLS FIRST, field, detail`,
  );
  const order = new Map((ruleIds ?? RULES.map((r) => r.id)).map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.rule)! - order.get(b.rule)!); // stable: keeps the SQL order within a rule
}

/** writeFindings(), then readFindings(): the rules' findings as rows (for tests and rule evaluation, where a failed rule is an error). */
export async function runRules(
  engine: Engine,
  settings?: Partial<RuleSettings>,
  ruleIds?: readonly string[],
): Promise<Finding[]> {
  const failures = await writeFindings(engine, settings, selectRules(ruleIds));
  if (failures.length > 0) throw new Error(failures.map(failureText).join('\n'));
  return readFindings(engine, ruleIds);
}

/** How many findings each rule produced: every catalogue rule (0 when none), in catalogue order. */
export function ruleHits(findings: readonly Finding[]): Record<string, number> {
  const hits: Record<string, number> = {};
  for (const r of RULES) hits[r.id] = 0;
  for (const f of findings) hits[f.rule] = (hits[f.rule] ?? 0) + 1;
  return hits;
}

/** ruleHits() of the `findings` table, counted where the rows are: a country's 15 M findings do not fit in objects. */
export async function countRuleHits(engine: Engine): Promise<Record<string, number>> {
  const hits = ruleHits([]);
  for (const r of await engine.query<{ rule: string; n: number }>('SELECT rule, count(*)::INTEGER AS n FROM findings GROUP BY rule')) hits[r.rule] = r.n;
  return hits;
}
