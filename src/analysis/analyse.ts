// The analysis pass that follows every load: run the rule catalogue into `findings`, then keep each
// form's and department's boilerplate score and the views' cache as tables (built from the views of
// the same SELECTs, ./schema.ts), so a filter change only re-reads them.
// Nothing comes back as rows: a province yields hundreds of thousands of findings, which the views
// query in place (readFindings() in ./findings.ts fetches them all when a caller really wants them).
import type { Engine } from '../db/engine';
import { materialise } from './derived/objects';
import { writeFindings, type RuleFailure } from './findings';
import { buildViewCache } from './queries/cache';
import { RULES } from './rules/index';
import type { Rule } from './rules/rule';
import { SCORE_TABLES } from './schema';
import type { RuleSettings } from './settings';

export interface AnalysisResult {
  /** The rules that could not run, by id and DuckDB's message: their findings are missing, every other rule's are there. */
  failedRules: RuleFailure[];
}

/** The analysis pass with `settings` over the defaults, of the catalogue (or `rules`). */
export async function analyse(engine: Engine, settings?: Partial<RuleSettings>, rules: readonly Rule[] = RULES): Promise<AnalysisResult> {
  const failedRules = await writeFindings(engine, settings, rules);
  for (const t of SCORE_TABLES) await materialise(engine, t);
  await buildViewCache(engine);
  return { failedRules };
}
