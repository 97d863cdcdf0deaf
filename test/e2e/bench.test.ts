// The benchmark as CI can afford it: a small province, every figure present in its JSON, the same
// keys the README documents. Not a timed test — the figures are printed, never asserted against a clock.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it('npm run bench measures every target at a small size and writes them as JSON', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-bench-')), 'bench.json');
  const r = spawnSync('npx', ['tsx', 'src/cli/bench.ts', '--rows', '20000', '--runs', '3', '--json', out], { encoding: 'utf8', timeout: 900_000 });
  expect(r.status, r.stderr).toBe(0);
  const figures = JSON.parse(fs.readFileSync(out, 'utf8'));
  for (const key of ['rows', 'page_to_charts_ms', 'filter_ms', 'rules_ms', 'rules_vs_native', 'csv_ingest_mb_per_s', 'csv_engine_mb_per_s', 'csv_ingest_vs_engine', 'peak_memory_mb', 'js_gzip_kb']) {
    expect(figures[key], key).toBeGreaterThan(0);
  }
  expect(figures.rows).toBeGreaterThan(15_000);
  expect(Object.keys(figures.filter_views_ms).sort()).toEqual(['department', 'execution', 'findings', 'overview', 'sangong']);
  for (const [view, ms] of Object.entries(figures.filter_views_ms)) expect(ms, view).toBeGreaterThan(0);
  // read from the findings: at this size the province is one county, so nothing can link another region
  expect(['province', 'region']).toContain(figures.copied_scope);
  expect(figures.copied_cross_region_forms).toBeGreaterThanOrEqual(0);
  expect(figures.off_origin_requests).toBe(0);
  expect(figures.queries.length).toBeGreaterThanOrEqual(10);
  for (const q of figures.queries) {
    expect(q).toEqual({ name: expect.any(String), wasm_ms: expect.any(Number), native_ms: expect.any(Number), ratio: expect.any(Number) });
  }
  for (const k of ['docx', 'xlsx', 'html', 'pdf_pages']) {
    expect(figures.docs_forms_per_s[k], k).toBeGreaterThan(0);
    expect(figures.docs_worker_forms_per_s[k], `worker ${k}`).toBeGreaterThan(0);
  }
  expect(r.stdout).toMatch(/^(met {3}|MISSED)\s+PDF pages read \(Node\)/m);
  expect(r.stdout).toMatch(/^(met {3}|MISSED)\s+PDF pages read \(ingest worker\)/m);
  expect(figures.machine.cpus).toBeGreaterThan(0);
  expect(figures.targets.map((t: { name: string }) => t.name)).toContain('rule engine (DuckDB-WASM)');
  // The printed table says for every target whether it was met.
  expect(r.stdout).toMatch(/^(met {3}|MISSED)\s+page → overview charts/m);
}, 900_000);
