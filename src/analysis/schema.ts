// Everything the analysis defines over the loaded tables, in build order, created when the engine
// opens (db/schema.ts createSchema): the derived concepts the rules read (derived/), the `findings`
// table, the concepts read from it, the boilerplate scores and the views' cache. Each but `findings`
// is a VIEW of its one SELECT until an analysis pass (analyse.ts) replaces it with a TABLE of the same
// SELECT (derived/objects.ts), so a query, the CLI or the SQL view can read any of them at any time.
import type { Engine } from '../db/engine';
import { DEPARTMENT_SCORES_SQL, FORM_BOILERPLATE_SQL } from './boilerplate';
import { DATA_CONCEPTS, FINDING_CONCEPTS } from './derived/index';
import { createView, type Derived } from './derived/objects';
import { FINDINGS_TABLE_SQL } from './findings';
import { createViewCache } from './queries/cache';

/** Each form's and each department's boilerplate score (boilerplate.ts): tables after every analysis pass. */
export const SCORE_TABLES: readonly Derived[] = [
  { name: 'form_scores', sql: FORM_BOILERPLATE_SQL },
  { name: 'department_scores', sql: DEPARTMENT_SCORES_SQL },
];

/** Creates the analysis' objects: an empty `findings`, and every other one as its view. */
export async function createAnalysisSchema(engine: Engine): Promise<void> {
  for (const o of DATA_CONCEPTS) await createView(engine, o);
  await engine.exec(FINDINGS_TABLE_SQL);
  for (const o of [...FINDING_CONCEPTS, ...SCORE_TABLES]) await createView(engine, o);
  await createViewCache(engine);
}
