// npm run --silent analyze -- [--json] PATH...
// Loads CSV/Parquet exports into DuckDB-WASM in Node — the same engine, ingest and SQL as the app —
// and prints what was loaded, what was rejected and each form's figures.
import { openNodeEngine } from '../db/node';
import { loadFiles } from '../ingest/load';
import { readInputFiles } from '../ingest/node';
import { formSummaries, tableCounts } from '../analysis/queries/forms';

function usage(): never {
  process.stderr.write('usage: npm run --silent analyze -- [--json] PATH...\n');
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const paths = argv.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) usage();
  let files;
  try {
    files = readInputFiles(paths);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const engine = await openNodeEngine();
  const report = await loadFiles(engine, files);
  const tables = await tableCounts(engine);
  const evaluations = await formSummaries(engine);
  const loadedRows = Object.values(tables).reduce((a, b) => a + b, 0);
  if (json) {
    process.stdout.write(JSON.stringify({ files: report.files, tables, rejected: report.rejected, evaluations }, null, 2) + '\n');
  } else {
    const out = [
      `files: ${report.files.length}  (${report.files.filter((f) => f.table == null).length} refused)`,
      `tables: ${Object.entries(tables).map(([t, n]) => `${t} ${n}`).join(', ')}`,
      `forms: ${evaluations.length} in ${new Set(evaluations.map((e) => `${e.region ?? ''}/${e.department}`)).size} departments`,
      `rejected rows: ${report.rejected.length}`,
      ...report.rejected.slice(0, 20).map((r) => `  ${r.file}:${r.line ?? '-'}  ${r.reason}`),
      ...(report.rejected.length > 20 ? [`  … ${report.rejected.length - 20} more (use --json)`] : []),
    ];
    process.stdout.write(out.join('\n') + '\n');
  }
  await engine.close();
  if (loadedRows === 0) {
    process.stderr.write('没有载入任何数据 / nothing could be loaded\n');
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
