// Native DuckDB within a memory budget: what the national run depends on. Past `memory_limit` a
// sort or a join spills to the engine's own scratch folder instead of failing; the CLI takes the
// budget as --memory-limit, for native DuckDB only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { openNativeEngine } from '../../src/db/native';
import { writeDataset } from '../../src/dataset/write';

describe('native DuckDB memory budget', () => {
  it('applies memory_limit, spills to its scratch folder, and still answers exactly', async () => {
    const engine = await openNativeEngine({ memoryLimit: '150MB', threads: 2 });
    try {
      const [s] = await engine.query<{ m: string; t: string }>("SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t");
      expect(s.m).toMatch(/^14\d(\.\d+)? MiB$/);
      expect(s.t).toMatch(/selfeval-native-[^/]+\/spill$/);
      // ≈ 2.5 M rows of 40-character text sorted: several times the budget.
      const [r] = await engine.query<{ n: number; first: string }>(
        "SELECT count(*)::INTEGER AS n, max(CASE WHEN k = 1 THEN s END) AS first FROM (SELECT s, row_number() OVER (ORDER BY s DESC) AS k FROM (SELECT repeat('户', 40) || lpad(x::VARCHAR, 8, '0') AS s FROM range(2500000) t(x)))",
      );
      expect(r).toEqual({ n: 2_500_000, first: `${'户'.repeat(40)}02499999` });
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('writes the findings of thousands of counties as a dataset within the budget', async () => {
    // The national run's 8,929 counties made DuckDB's partitioned COPY keep a buffer per county and
    // fail at 8 GB; 1,500 counties × 2 years of findings, in rows of every order, failed the same way
    // at 150 MB (and at 300 MB).
    const engine = await openNativeEngine({ memoryLimit: '150MB', threads: 2 });
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-budget-')), 'dataset');
    try {
      await analyse(engine);
      await engine.exec(`INSERT INTO findings SELECT 'generic-indicators', 'low', 'e' || i, 1, '县' || (hash(i) % 1500), '部门', 2020 + i % 2, NULL, 'level3',
        repeat('明细', 20) || i, NULL, [i::INTEGER], NULL FROM range(600000) t(i)`);
      const manifest = await writeDataset(engine, dir, []);
      const files = manifest.tables.findings;
      expect(files.reduce((a, f) => a + f.rows, 0)).toBe(600_000);
      expect(new Set(files.map((f) => `${f.year}/${f.region}`)).size).toBe(3000);
      const [back] = await engine.query<{ n: number; regions: number }>(
        `SELECT count(*)::INTEGER AS n, count(DISTINCT (year, region))::INTEGER AS regions FROM read_parquet('${dir}/findings/**/*.parquet', hive_partitioning = false)
         WHERE detail = repeat('明细', 20) || substr(eval_id, 2)`,
      );
      expect(back).toEqual({ n: 600_000, regions: 3000 });
    } finally {
      await engine.close();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, 240_000);

  it('refuses a budget DuckDB would misread', async () => {
    await expect(openNativeEngine({ memoryLimit: '8 gigs' })).rejects.toThrow(/8GB/);
  });

  it('takes --memory-limit on the CLI for native DuckDB only', () => {
    const run = (...args: string[]) => spawnSync('npx', ['tsx', 'src/cli/analyze.ts', ...args], { encoding: 'utf8', timeout: 240_000 });
    const wasm = run('--memory-limit', '1GB', 'data/seed');
    expect(wasm.status).toBe(2);
    expect(wasm.stderr).toMatch(/--engine native/);
    const native = run('--engine', 'native', '--memory-limit', '1GB', 'data/seed');
    expect(native.status, native.stderr).toBe(0);
    expect(native.stdout).toMatch(/findings: \d+/);
  }, 240_000);
});
