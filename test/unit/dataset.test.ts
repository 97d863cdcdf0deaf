// A dataset (Hive-partitioned Parquet + manifest) written from the county sample, then read back
// four ways — DuckDB-WASM from the export files, native DuckDB from the files, native DuckDB over
// the partitioned Parquet in place, DuckDB-WASM partition by partition — with the same answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openNodeEngine } from '../../src/db/node';
import { DATA_TABLES } from '../../src/db/schema';
import { analyse } from '../../src/analysis/analyse';
import { setViewCache } from '../../src/analysis/queries/cache-state';
import { overviewData } from '../../src/analysis/queries/overview';
import { OPEN_TABLES } from '../../src/dataset/views';
import { DatasetSession } from '../../src/dataset/load';
import { BY_REGION, filesFor, fileUrl, parseManifest, PARTITIONED_TABLES, REPORT_TABLES, rulesFingerprint, type DatasetManifest } from '../../src/dataset/manifest';
import { datasetReader } from '../../src/node/sources';

const cli = (script: string, ...args: string[]) => {
  const r = spawnSync('npx', ['tsx', `src/cli/${script}.ts`, ...args], { encoding: 'utf8', timeout: 240_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
let manifest: DatasetManifest;

beforeAll(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-dataset-')), 'county');
  const r = cli('dataset', '--out', dir, 'data/sample');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  manifest = parseManifest(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
}, 240_000);
afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

describe('a dataset', () => {
  it('is Hive-partitioned by year and region, every file listed with its rows', () => {
    expect(manifest.rules).toBe(rulesFingerprint());
    expect(manifest.settings).toEqual([]);
    const evaluations = manifest.tables.evaluations;
    expect(evaluations.map((f) => [f.year, f.region])).toEqual([2019, 2020, 2021, 2022, 2023, 2024].map((y) => [y, null]));
    expect(manifest.tables.spending.map((f) => [f.year, f.region])).toEqual([2019, 2020, 2021, 2022, 2023, 2024].map((y) => [y, '青溪县']));
    for (const t of PARTITIONED_TABLES) {
      for (const f of manifest.tables[t]) {
        expect(fs.statSync(path.join(dir, f.path)).size).toBe(f.bytes);
        const region = BY_REGION.includes(t) ? '/region=[^/]+' : '';
        expect(f.path).toMatch(new RegExp(`^${t}/year=(\\d{4}|__HIVE_DEFAULT_PARTITION__)${region}/[^/]+\\.parquet$`));
      }
    }
    expect(evaluations.reduce((a, f) => a + f.rows, 0)).toBe(1914);
    // The region folder is percent-encoded on disk; its URL encodes that '%' again.
    const f = manifest.tables.findings[0];
    expect(decodeURIComponent(fileUrl('/d/', f.path).split('/').slice(-2)[0])).toBe(f.path.split('/').slice(-2)[0]);
  });

  it('answers the same through every engine and every way in', () => {
    const runs = [['data/sample'], ['--engine', 'native', 'data/sample'], ['--engine', 'native', dir], [dir]].map((args) => {
      const r = cli('analyze', '--json', ...args);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    });
    const [first, ...rest] = runs;
    expect(first.findings.length).toBeGreaterThan(1000);
    for (const other of rest) {
      for (const key of ['tables', 'files', 'rejected', 'findings', 'evaluations', 'rules', 'departments', 'sangong']) expect(other[key]).toEqual(first[key]);
    }
  }, 240_000);

  it('loads only the partitions the filters select, each once, in DuckDB-WASM', async () => {
    const engine = await openNodeEngine();
    let reads = 0;
    const read = datasetReader(dir);
    const session = new DatasetSession(manifest, engine, (files) => (reads++, read(files)));
    const oneYear = { years: [2023] };
    const rows = await session.ensure(['evaluations', 'findings'], oneYear);
    const expected = [...filesFor(manifest, 'evaluations', oneYear), ...filesFor(manifest, 'findings', oneYear)];
    expect(rows).toBe(expected.reduce((a, f) => a + f.rows, 0));
    expect(session.loadedFiles).toBe(expected.length);
    expect(reads).toBe(2); // one batch of small files per table, one insert each
    expect(await engine.query('SELECT DISTINCT year FROM evaluations')).toEqual([{ year: 2023 }]);
    expect(await session.ensure(['evaluations', 'findings'], oneYear)).toBe(0);
    // Then everything: the rest comes in, nothing twice.
    await session.ensure(['evaluations', 'findings']);
    const [{ n }] = await engine.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM evaluations');
    const [{ d }] = await engine.query<{ d: number }>('SELECT count(DISTINCT eval_id)::INTEGER AS d FROM evaluations');
    expect([n, d]).toEqual([1914, 1914]);
    await engine.close();
  }, 120_000);

  it('draws the overview from the tables loaded at opening alone, as from the whole data', async () => {
    const whole = await openNodeEngine();
    await new DatasetSession(manifest, whole, datasetReader(dir)).ensure([...DATA_TABLES, ...REPORT_TABLES]);
    await analyse(whole);
    const opened = await openNodeEngine();
    await new DatasetSession(manifest, opened, datasetReader(dir)).ensure(OPEN_TABLES);
    setViewCache(opened, manifest.viewCache!);
    for (const filters of [{}, { years: [2023] }, { deptKinds: ['乡镇街道'] }, { years: [2021, 2022], deptKinds: ['政府部门'] }]) {
      expect(await overviewData(opened, filters)).toEqual(await overviewData(whole, filters));
    }
    await whole.close();
    await opened.close();
  }, 120_000);

  it('refuses a manifest that points outside its folder', () => {
    const bad = { ...manifest, tables: { ...manifest.tables, staffing: [{ path: '../etc/passwd', year: null, region: null, rows: 0, bytes: 0 }] } };
    expect(() => parseManifest(bad)).toThrow(/unsafe path/);
    expect(() => parseManifest({ ...manifest, format: 'x' })).toThrow(/not a dataset manifest/);
  });
});
