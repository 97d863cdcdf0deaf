// The analysis pass that follows every load: run the rule catalogue into `findings`, then keep each
// form's and department's boilerplate score as tables, so a filter change only re-reads them.
import type { Engine } from '../db/engine';
import { DEPARTMENT_BOILERPLATE_SQL, FORM_BOILERPLATE_SQL } from './boilerplate';
import { runRules, type Finding } from './findings';
import type { RuleSettings } from './settings';

export async function analyse(engine: Engine, settings?: Partial<RuleSettings>): Promise<Finding[]> {
  const findings = await runRules(engine, settings);
  await engine.exec(`CREATE OR REPLACE TABLE form_scores AS ${FORM_BOILERPLATE_SQL}`);
  await engine.exec(`CREATE OR REPLACE TABLE department_scores AS ${DEPARTMENT_BOILERPLATE_SQL}`);
  return findings;
}
