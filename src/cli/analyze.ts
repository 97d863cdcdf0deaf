// npm run --silent analyze -- [--json] [--rules] [--engine wasm|native] [--region NAME] PATH...
// Loads CSV/Parquet exports (or a dataset folder) into DuckDB-WASM in Node — the same engine, ingest
// and SQL as the app — or into native DuckDB with --engine native, runs the rule catalogue, and
// prints what was loaded, rejected and found.
import { analyse } from '../analysis/analyse';
import { departmentBoilerplate } from '../analysis/boilerplate';
import { countRuleHits, failureText, readFindings } from '../analysis/findings';
import { departmentSummary } from '../analysis/queries/department';
import { formReports } from '../analysis/queries/form';
import { tableCounts } from '../analysis/queries/load-report';
import { sangongByDepartment } from '../analysis/queries/sangong';
import { RULES } from '../analysis/rules/index';
import { ruleText } from '../analysis/rule-text';
import { parseSettings, type RuleSettings } from '../analysis/settings';
import { print } from '../node/print';
import { engineArg, memoryLimitArg, openEngine, openSources, readOptionsArg } from '../node/sources';

const USAGE =
  'usage: npm run --silent analyze -- [--json] [--engine wasm|native] [--memory-limit 8GB] [--set NAME=VALUE]... [--region NAME] PATH...   |   npm run --silent analyze -- --rules [--json] [--set NAME=VALUE]...\n' +
  '  --region NAME        the region (地区) of files that name none, e.g. documents or an export without a 地区 column\n' +
  '  --memory-limit SIZE  native DuckDB spills to disk beyond SIZE instead of failing (default: 80 % of memory)\n';

/** The catalogue with each condition at the thresholds in force (`--set` applies to `--rules` too). */
function catalogue(json: boolean, settings: Partial<RuleSettings>): string {
  if (json) {
    return JSON.stringify(
      RULES.map((r) => {
        const zh = ruleText(r, 'zh', settings);
        const en = ruleText(r, 'en', settings);
        return { id: r.id, severity: r.severity, title_zh: zh.title, title_en: en.title, condition_zh: zh.condition, condition_en: en.condition, why_zh: zh.why, why_en: en.why };
      }),
      null,
      2,
    );
  }
  return RULES.map((r) => `${r.id.padEnd(26)} ${r.severity.padEnd(7)} ${r.titleZh} — ${r.titleEn}\n${' '.repeat(35)}${ruleText(r, 'zh', settings).condition}`).join('\n');
}

const key = (region: string | null | undefined, department: string, year: number | null) => `${region ?? ''}\u0001${department}\u0001${year ?? ''}`;

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  // --set NAME=VALUE (repeatable): a rule threshold other than the default, e.g. adjustmentBound=0.3.
  const sets = argv.flatMap((a, i) => (a === '--set' ? [argv[i + 1] ?? ''] : []));
  if (argv.includes('--rules')) {
    let settings;
    try {
      settings = parseSettings(sets);
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return 2;
    }
    await print(catalogue(json, settings) + '\n');
    return 0;
  }
  const paths = argv.filter((a, i) => !a.startsWith('--') && !['--set', '--engine', '--region', '--memory-limit'].includes(argv[i - 1]));
  let settings;
  let kind;
  let options;
  let memoryLimit;
  try {
    settings = parseSettings(sets);
    kind = engineArg(argv);
    options = readOptionsArg(argv);
    memoryLimit = memoryLimitArg(argv, kind);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (paths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let engine;
  try {
    engine = await openEngine(kind, memoryLimit);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  let report;
  try {
    report = await openSources(engine, kind, paths, options);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    await engine.close();
    return 1;
  }
  const tables = await tableCounts(engine);
  if (Object.values(tables).every((n) => n === 0)) {
    await print(json ? JSON.stringify({ files: report.files, tables, rejected: report.rejected }, null, 2) + '\n' : '');
    process.stderr.write('没有载入任何数据 / nothing could be loaded\n');
    return 1;
  }
  const { failedRules } = await analyse(engine, settings);
  // A rule that failed costs only its own findings: name it, and print the others'.
  for (const f of failedRules) process.stderr.write(`${failureText(f)}\n`);
  const hits = await countRuleHits(engine);

  if (json) {
    const findings = await readFindings(engine);
    const evaluations = await formReports(engine);
    const scores = new Map((await departmentBoilerplate(engine)).map((d) => [key(d.region, d.department, d.year), d]));
    const departments = (await departmentSummary(engine, {})).map((d) => ({
      region: d.region, department: d.department, year: d.year, forms: d.forms, full_marks: d.full_marks,
      full_marks_share: d.full_marks_share, boilerplate_score: scores.get(key(d.region, d.department, d.year))?.score ?? null,
    }));
    const sangong = (await sangongByDepartment(engine, {})).map((s) => ({
      region: s.region, department: s.department, year: s.year, prior_final: s.prior_final, budget: s.budget, final: s.final,
      change: s.change, change_ratio: s.change_ratio,
    }));
    const rules = RULES.map((r) => ({ id: r.id, severity: r.severity, title_zh: r.titleZh, title_en: r.titleEn, hits: hits[r.id] }));
    const out = { files: report.files, tables, rejected: report.rejected, evaluations, findings, failed_rules: failedRules, rules, departments, sangong };
    await print(JSON.stringify(out, null, 2) + '\n');
  } else {
    // The summary is counted in SQL: a national collection's findings and forms would not fit in objects.
    const [forms] = await engine.query<{ n: number; departments: number }>(
      "SELECT count(*)::INTEGER AS n, count(DISTINCT (coalesce(region, ''), department))::INTEGER AS departments FROM evaluations",
    );
    const worst = await formReports(engine, 5);
    const lines = [
      `files: ${report.files.length}  (${report.files.filter((f) => f.table == null).length} refused)`,
      `tables: ${Object.entries(tables).map(([t, n]) => `${t} ${n}`).join(', ')}`,
      `forms: ${forms.n} in ${forms.departments} departments`,
      `rejected rows: ${report.rejected.length}`,
      ...report.rejected.slice(0, 20).map((r) => `  ${r.file}:${r.line ?? '-'}  ${r.reason}`),
      ...(report.rejected.length > 20 ? [`  … ${report.rejected.length - 20} more (use --json)`] : []),
      `findings: ${Object.values(hits).reduce((a, n) => a + n, 0)}`,
      ...failedRules.map((f) => `  ${f.rule.padEnd(26)} FAILED  ${f.message}`),
      ...RULES.filter((r) => hits[r.id] > 0).map((r) => `  ${r.id.padEnd(26)} ${String(hits[r.id]).padStart(6)}  ${r.titleZh}`),
      'most boilerplate forms:',
      ...worst.map((e) => `  ${String(e.boilerplate_score).padStart(3)}  ${e.department} ${e.year} ${e.project ?? '部门整体'}  [${e.flags.join(', ')}]`),
    ];
    await print(lines.join('\n') + '\n');
  }
  await engine.close();
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
