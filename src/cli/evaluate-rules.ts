// npm run evaluate-rules -- [FOLDER]
// Scores the rules against a generated dataset's ground truth (truth.csv in FOLDER, default
// data/sample): per planted fault kind, how many were found (recall) and how many of the rule's
// hits were planted (precision). Every rule's hit count is listed too, planted or not.
import fs from 'node:fs';
import path from 'node:path';
import { openNodeEngine } from '../db/node';
import { loadFiles } from '../ingest/load';
import { readInputFiles } from '../ingest/node';
import { evaluateAgainstTruth, parseTruthCsv } from '../analysis/evaluate';
import { ruleHits, runRules } from '../analysis/findings';
import { RULES } from '../analysis/rules/index';
import { print } from '../node/print';

const pct = (v: number | null) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

async function main(folder: string): Promise<number> {
  const truthFile = path.join(folder, 'truth.csv');
  if (!fs.existsSync(truthFile)) {
    process.stderr.write(`no truth.csv in ${folder} (generate one: npm run generate -- --out ${folder})\n`);
    return 1;
  }
  // The data tables only: truth.csv and departments.csv are answers, not data. Parquet when present.
  const names = fs.readdirSync(folder).filter((f) => /^(evaluations|indicators|spending|staffing)(-\d+)?\.(csv|parquet)$/.test(f));
  const ext = names.some((f) => f.endsWith('.parquet')) ? '.parquet' : '.csv';
  const engine = await openNodeEngine();
  const report = await loadFiles(engine, readInputFiles(names.filter((f) => f.endsWith(ext)).sort().map((f) => path.join(folder, f)), 'sample'));
  const findings = await runRules(engine);
  const scores = await evaluateAgainstTruth(engine, parseTruthCsv(fs.readFileSync(truthFile, 'utf8')));
  const hits = ruleHits(findings);
  const lines = [
    `data: ${folder} (${ext.slice(1)}), ${report.rejected.length} rows rejected`,
    '',
    `${'planted fault'.padEnd(24)} ${'truth'.padStart(6)} ${'found'.padStart(6)} ${'TP'.padStart(6)} ${'precision'.padStart(10)} ${'recall'.padStart(8)}`,
    ...scores.map((s) => `${s.rule.padEnd(24)} ${String(s.truth).padStart(6)} ${String(s.found).padStart(6)} ${String(s.true_positive).padStart(6)} ${pct(s.precision).padStart(10)} ${pct(s.recall).padStart(8)}`),
    '',
    'all rules (findings; rules not planted have no truth to score against):',
    ...RULES.map((r) => `  ${r.id.padEnd(26)} ${r.severity.padEnd(7)} ${String(hits[r.id]).padStart(7)}`),
  ];
  await print(lines.join('\n') + '\n');
  await engine.close();
  // Recall below 100 % on a planted kind is a failure the caller should see.
  return scores.every((s) => s.recall === null || s.recall === 1) ? 0 : 1;
}

main(process.argv[2] ?? 'data/sample').then((code) => process.exit(code));
