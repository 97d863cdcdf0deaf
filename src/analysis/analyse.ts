// The analysis pass that follows every load: run the rule catalogue into `findings`, then keep each
// form's and department's boilerplate score as tables, so a filter change only re-reads them.
// Nothing comes back as rows: a province yields hundreds of thousands of findings, which the views
// query in place (readFindings() in ./findings.ts fetches them all when a caller really wants them).
import type { Engine } from '../db/engine';
import { DEPARTMENT_SCORES_SQL, FORM_BOILERPLATE_SQL } from './boilerplate';
import { writeFindings, type RuleFailure } from './findings';
import { RULES } from './rules/index';
import type { Rule } from './rules/rule';
import type { RuleSettings } from './settings';

export interface AnalysisResult {
  /** The rules that could not run, by id and DuckDB's message: their findings are missing, every other rule's are there. */
  failedRules: RuleFailure[];
}

/** The analysis pass with `settings` over the defaults, of the catalogue (or `rules`). */
export async function analyse(engine: Engine, settings?: Partial<RuleSettings>, rules: readonly Rule[] = RULES): Promise<AnalysisResult> {
  const failedRules = await writeFindings(engine, settings, rules);
  await engine.exec(`CREATE OR REPLACE TABLE form_scores AS ${FORM_BOILERPLATE_SQL}`);
  await engine.exec(`CREATE OR REPLACE TABLE department_scores AS ${DEPARTMENT_SCORES_SQL}`);
  await (await import('./queries/cache')).buildViewCache(engine); // the views' cached tables (queries/cache.ts)
  return { failedRules };
}
