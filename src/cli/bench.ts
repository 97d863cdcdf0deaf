// npm run bench -- [--rows N] [--seed N]
// Speed and memory figures for the stack, printed, not asserted: machines here are noisy 2-core
// boxes, so compare figures measured in the same run (ratios), never against a fixed clock.
// Generates a dataset of about N indicator rows (default 1,000,000 — the province), then in
// DuckDB-WASM in Node (within ~10 % of Chromium, STACK_NOTES.md) measures: parsing and loading CSV
// vs Parquet, the analysis pass rule by rule, and the queries a filter change re-runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openNodeEngine } from '../db/node';
import type { Engine } from '../db/engine';
import { generate } from '../generate/generate';
import { loadFiles } from '../ingest/load';
import { readInputFiles } from '../ingest/node';
import { parseFile } from '../ingest/parse';
import { DEPARTMENT_BOILERPLATE_SQL, FORM_BOILERPLATE_SQL } from '../analysis/boilerplate';
import { runRules } from '../analysis/findings';
import { RULES } from '../analysis/rules/index';
import { execQuantiles, execRateDistribution, overviewKpis } from '../analysis/queries/execution';
import { departmentSummary } from '../analysis/queries/departments';
import { sangongTrend } from '../analysis/queries/sangong';
import type { Filters } from '../analysis/queries/filters';
import { print } from './print';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function timed<T>(label: string, work: () => Promise<T>, rows: [string, string][]): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  sampleRss();
  rows.push([label, `${ms.toFixed(0)} ms`]);
  return { value, ms };
}

async function filterChange(engine: Engine, filters: Filters) {
  return Promise.all([overviewKpis(engine, filters), execRateDistribution(engine, filters), execQuantiles(engine, filters, 'year'), departmentSummary(engine, filters), sangongTrend(engine, filters)]);
}

async function main() {
  const rows = arg('rows', 1_000_000);
  const seed = arg('seed', 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-bench-'));
  const timer = setInterval(sampleRss, 50);
  const out: [string, string][] = [];
  try {
    const gen = await timed(`generate ~${rows.toLocaleString()} indicator rows (csv+parquet)`, () => generate({ scale: 'province', rows, seed, format: 'both', encoding: 'utf8', out: dir, headers: 'zh' }), out);
    const n = gen.value.rows;
    out.push(['  rows', `${n.evaluations} forms, ${n.indicators} indicators, ${n.spending} spending lines`]);
    const csvPaths = ['evaluations', 'indicators', 'spending', 'staffing'].map((t) => path.join(dir, `${t}.csv`));
    const parquetPaths = fs.readdirSync(dir).filter((f) => f.endsWith('.parquet')).map((f) => path.join(dir, f));
    const csvBytes = csvPaths.reduce((a, p) => a + fs.statSync(p).size, 0);
    const parquetBytes = parquetPaths.reduce((a, p) => a + fs.statSync(p).size, 0);
    out.push(['  size', `CSV ${mb(csvBytes)}, Parquet ${mb(parquetBytes)}`]);

    const indicatorsCsv = new Uint8Array(fs.readFileSync(csvPaths[1]));
    const parse = await timed('parse indicators.csv (decode, papaparse, validate, stage Arrow)', () => parseFile('indicators.csv', indicatorsCsv), out);
    out.push(['  parse rate', `${Math.round(parse.value.rowCount / (parse.ms / 1000)).toLocaleString()} rows/s`]);

    const csvEngine = await openNodeEngine();
    const loadCsv = await timed('load all CSV into DuckDB-WASM', () => loadFiles(csvEngine, readInputFiles(csvPaths)), out);
    await csvEngine.close();
    const engine = await openNodeEngine();
    const loadParquet = await timed('load all Parquet into DuckDB-WASM', () => loadFiles(engine, readInputFiles(parquetPaths)), out);
    out.push(['  ratio CSV / Parquet load', (loadCsv.ms / loadParquet.ms).toFixed(2)]);

    let rulesMs = 0;
    const perRule: [string, number][] = [];
    for (const r of RULES) {
      const t0 = performance.now();
      await runRules(engine, undefined, [r.id]);
      const ms = performance.now() - t0;
      rulesMs += ms;
      perRule.push([r.id, ms]);
      sampleRss();
    }
    const analysis = await timed('analysis pass (all rules + boilerplate scores)', async () => {
      await runRules(engine);
      await engine.exec(`CREATE OR REPLACE TABLE form_scores AS ${FORM_BOILERPLATE_SQL}`);
      await engine.exec(`CREATE OR REPLACE TABLE department_scores AS ${DEPARTMENT_BOILERPLATE_SQL}`);
    }, out);
    out.push(['  ratio analysis / Parquet load', (analysis.ms / loadParquet.ms).toFixed(2)]);
    for (const [id, ms] of perRule.sort((a, b) => b[1] - a[1]).slice(0, 8)) out.push([`  rule ${id}`, `${ms.toFixed(0)} ms (${((100 * ms) / rulesMs).toFixed(0)} %)`]);

    await timed('filter change, no filter (5 overview queries)', () => filterChange(engine, {}), out);
    const oneYear = await timed('filter change, one year', () => filterChange(engine, { years: [2024] }), out);
    await timed('filter change, one year + 党委部门', () => filterChange(engine, { years: [2024], deptKinds: ['党委部门'] }), out);
    out.push(['  filter change vs 1 s budget', `${(oneYear.ms / 1000).toFixed(2)} ×`]);
    await engine.close();
  } finally {
    clearInterval(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  out.push(['peak RSS (Node process, incl. WASM heap)', mb(peakRss)]);
  const width = Math.max(...out.map(([l]) => l.length));
  await print(out.map(([l, v]) => `${l.padEnd(width)}  ${v}`).join('\n') + '\n');
}

main().then(() => process.exit(0));
