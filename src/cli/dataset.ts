// npm run --silent dataset -- --out DIR [--set NAME=VALUE]... PATH...
// Turns exports (CSV/Parquet files and folders) into a dataset: ingest, the analysis, then every
// table written as Hive-partitioned Parquet (year=/region=) with manifest.json — what an intranet
// web server serves for the app to open (?dataset=URL), and what `analyze --engine native` reads in
// place. Runs on native DuckDB: DuckDB-WASM cannot write Parquet offline.
import { analyse } from '../analysis/analyse';
import { failureText } from '../analysis/findings';
import { parseSettings } from '../analysis/settings';
import { writeDataset } from '../dataset/write';
import { onEngine, print } from '../node/print';
import { openEngine, openSources } from '../node/sources';

const USAGE = 'usage: npm run --silent dataset -- --out DIR [--set NAME=VALUE]... PATH...\n';

async function main(argv: string[]): Promise<number> {
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  const sets = argv.flatMap((a, i) => (a === '--set' ? [argv[i + 1] ?? ''] : []));
  const paths = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--set' && argv[i - 1] !== '--out');
  if (!out || paths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const t0 = performance.now();
  return onEngine(await openEngine('native'), async (engine) => {
    const settings = parseSettings(sets);
    const report = await openSources(engine, 'native', paths);
    const { failedRules } = await analyse(engine, settings);
    for (const f of failedRules) process.stderr.write(`${failureText(f)}\n`);
    const manifest = await writeDataset(engine, out, sets);
    const lines = Object.entries(manifest.tables).map(([t, files]) => {
      const rows = files.reduce((a, f) => a + f.rows, 0);
      const bytes = files.reduce((a, f) => a + f.bytes, 0);
      return `  ${t.padEnd(18)} ${String(files.length).padStart(5)} files ${String(rows).padStart(9)} rows ${(bytes / 1024 / 1024).toFixed(1).padStart(7)} MB`;
    });
    await print([`dataset → ${out} (${((performance.now() - t0) / 1000).toFixed(1)} s)`, `files read: ${report.files.length}, rows rejected: ${report.rejected.length}`, ...lines].join('\n') + '\n');
    return 0;
  });
}

main(process.argv.slice(2)).then((code) => process.exit(code));
