// Files and forms keep their identity (issue 10, class 6), on real DuckDB-WASM in Node: a file's
// parts and its bookkeeping, a form renumbered, per-file counts after later replacements, indicators
// of one load adding up, duplicates within a load, and the batch's region.
import fc from 'fast-check';
import Papa from 'papaparse';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll, DATA_TABLES } from '../../src/db/schema';
import { asOneLoad, loadedFileAccounts, loadFiles, loadParts, removeFile, type InputFile } from '../../src/ingest/load';
import { parseFile } from '../../src/ingest/parse';
import { readFile } from '../../src/ingest/read';
import type { LoadedFile } from '../../src/ingest/types';

const enc = new TextEncoder();
const file = (name: string, ...lines: string[]): InputFile => ({ name, bytes: enc.encode(lines.join('\n')), origin: 'own' });

const EVAL = '评价编号,年度,地区,预算部门,评价类型,项目名称,全年预算数,全年执行数,总分';
const EVAL_NO_REGION = '评价编号,年度,预算部门,评价类型,项目名称,全年预算数,全年执行数,总分';
const IND = '评价编号,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分';
const STAFF = '年度,地区,预算部门,编制数,实际在职人数';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());
beforeEach(() => clearAll(engine));

const accounts = async () => Object.fromEntries((await loadedFileAccounts(engine)).map((f) => [`${f.file}|${f.table}`, f]));
const rejectedOf = (f: string) => engine.query<{ line: number | null; reason: string }>(`SELECT line, reason FROM rejected_rows WHERE file = ? ORDER BY line`, [f]);
const indicators = () => engine.query<{ eval_id: string; seq: number; level1: string | null; level2: string | null; level3: string; source_file: string }>(
  `SELECT eval_id, seq, level1, level2, level3, source_file FROM indicators ORDER BY eval_id, seq`,
);

/** What every file's bookkeeping must say, whatever was loaded after it. */
async function expectAccountsHold(): Promise<LoadedFile[]> {
  const files = await loadedFileAccounts(engine);
  for (const f of files) {
    expect(f.rowsRead, f.file).toBe(f.rowsLoaded + f.rowsRejected);
    expect(f.rowsPresent + f.rowsReplacedLater, f.file).toBe(f.rowsLoaded);
    expect(f.rowsReplacedLater, f.file).toBe(f.replacedBy.reduce((a, b) => a + b.rows, 0));
    const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM rejected_rows WHERE file = ? AND line IS NOT NULL`, [f.file]);
    expect(files.filter((g) => g.file === f.file).reduce((a, g) => a + g.rowsRejected, 0), f.file).toBe(n);
  }
  for (const t of DATA_TABLES) {
    const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`);
    expect(files.filter((f) => f.table === t).reduce((a, f) => a + f.rowsPresent, 0), t).toBe(n);
  }
  return files;
}

describe('a file and its parts', () => {
  it('reads a CSV as one part, and the batch region only for a file naming none', async () => {
    const named = await readFile('a.csv', file('a.csv', EVAL, 'A1,2023,甲县,财政局,部门整体,,10,10,100').bytes, { region: '乙县' });
    expect(named).toHaveLength(1);
    const unnamed = file('b.csv', EVAL_NO_REGION, ',2023,财政局,项目,路灯,10,10,100', 'B2,2023,财政局,部门整体,,5,5,90');
    await loadFiles(engine, [file('a.csv', EVAL, 'A1,2023,甲县,财政局,部门整体,,10,10,100'), unnamed], { region: '乙县' });
    expect(await engine.query(`SELECT eval_id, region FROM evaluations ORDER BY eval_id`)).toEqual([
      { eval_id: 'A1', region: '甲县' },
      { eval_id: 'B2', region: '乙县' },
      // An id derived without a region is derived again with the batch's.
      { eval_id: '乙县/财政局/2023/项目/路灯', region: '乙县' },
    ]);
    const b = (await accounts())['b.csv|evaluations'];
    expect(b.notes).toContain('文件未注明地区：按本批设置记为「乙县」');
    expect((await accounts())['a.csv|evaluations'].notes.join()).not.toContain('乙县');
    // Without the option, the same file stays without a region.
    await loadFiles(engine, [unnamed]);
    expect(await engine.query(`SELECT region FROM evaluations WHERE source_file = 'b.csv' ORDER BY eval_id`)).toEqual([{ region: null }, { region: null }]);
  });

  it('keeps one bookkeeping row per part, replaces all of them once on a reload, and removes every part', async () => {
    const parts = async (...texts: [string, string[]][]) =>
      Promise.all(texts.map(async ([, lines]) => parseFile('book.xlsx', enc.encode(lines.join('\n')))));
    const v1 = await parts(
      ['evaluations', [EVAL, 'A1,2023,甲县,财政局,部门整体,,10,10,100', 'A2,2023,甲县,财政局,项目,路灯,5,5,']],
      ['indicators', [IND, 'A1,产出指标,数量指标,x,1,1,10,10', 'A1,产出指标,质量指标,y,1,1,10,10']],
      ['staffing', [STAFF, '2023,甲县,财政局,8,7']],
    );
    await asOneLoad(engine, async (id) => void (await loadParts(engine, v1, 'own', id)));
    expect((await loadedFileAccounts(engine)).map((f) => [f.file, f.table, f.rowsLoaded])).toEqual([
      ['book.xlsx', 'evaluations', 2], ['book.xlsx', 'indicators', 2], ['book.xlsx', 'staffing', 1],
    ]);
    // The new version has no staffing table: its old row goes with the old version, counted once.
    const v2 = await parts(['evaluations', [EVAL, 'A1,2023,甲县,财政局,部门整体,,10,10,100']], ['indicators', [IND, 'A1,产出指标,数量指标,x,1,1,10,10']]);
    await asOneLoad(engine, async (id) => void (await loadParts(engine, v2, 'own', id)));
    const files = await expectAccountsHold();
    expect(files.map((f) => [f.table, f.rowsLoaded, f.rowsReplaced, f.notes.filter((n) => n.startsWith('同名文件')).length])).toEqual([
      ['evaluations', 1, 2, 1], ['indicators', 1, 2, 0],
    ]);
    expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM staffing`)).toEqual([{ n: 0 }]);
    expect(await removeFile(engine, 'book.xlsx')).toBe(2);
    expect(await loadedFileAccounts(engine)).toEqual([]);
  });
});

describe('forms and rows keep their identity', () => {
  it('names the form a new 评价编号 replaced, with its indicators', async () => {
    await loadFiles(engine, [
      file('c6/evaluations.csv', EVAL, 'OLD-7,2023,甲县,财政局,项目,路灯,10,10,100'),
      file('c6/indicators.csv', IND, 'OLD-7,产出指标,数量指标,x,1,1,10,10', 'OLD-7,产出指标,数量指标,y,1,1,10,10', 'OLD-7,效益指标,社会效益,z,1,1,10,10'),
    ]);
    const r = await loadFiles(engine, [file('c7/evaluations.csv', EVAL, 'NEW-7,2023,甲县,财政局,项目,路灯,10,10,100')]);
    expect(r.files[0].notes).toContain('表单「甲县/财政局/2023/项目/路灯」以新评价编号 NEW-7 载入：替换了此前的评价编号 OLD-7（来自 c6/evaluations.csv）及其 3 条指标');
    expect(r.files[0].rowsReplaced).toBe(1);
    const all = await accounts();
    expect(all['c6/indicators.csv|indicators']).toMatchObject({ rowsLoaded: 3, rowsPresent: 0, rowsReplacedLater: 3, replacedBy: [{ file: 'c7/evaluations.csv', rows: 3 }] });
    expect(all['c6/evaluations.csv|evaluations']).toMatchObject({ rowsPresent: 0, replacedBy: [{ file: 'c7/evaluations.csv', rows: 1 }] });
    await expectAccountsHold();
  });

  it('keeps per-file counts true after later files replace rows, in the CLI JSON too', async () => {
    const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `2023,甲县,部门${from + i},8,7`);
    await loadFiles(engine, [file('c6/staffing.csv', STAFF, ...lines(5))]);
    await loadFiles(engine, [file('c7/staffing.csv', STAFF, ...lines(3, 2))]);
    await loadFiles(engine, [file('c8/staffing.csv', STAFF, ...lines(1, 4))]);
    const all = await accounts();
    expect(all['c6/staffing.csv|staffing']).toMatchObject({
      rowsLoaded: 5, rowsPresent: 2, rowsReplacedLater: 3, replacedBy: [{ file: 'c7/staffing.csv', rows: 3 }],
    });
    expect(all['c7/staffing.csv|staffing']).toMatchObject({ rowsLoaded: 3, rowsReplaced: 3, rowsPresent: 2, replacedBy: [{ file: 'c8/staffing.csv', rows: 1 }] });
    // Removing the file that took them does not bring them back, and does not change the count.
    await removeFile(engine, 'c7/staffing.csv');
    expect((await accounts())['c6/staffing.csv|staffing']).toMatchObject({ rowsPresent: 2, rowsReplacedLater: 3 });
    await expectAccountsHold();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-'));
    for (const c of ['c6', 'c7']) fs.mkdirSync(path.join(dir, c));
    fs.writeFileSync(path.join(dir, 'c6', 'evaluations.csv'), [EVAL_NO_REGION, 'A1,2023,财政局,部门整体,,10,10,100', 'A2,2023,财政局,项目,路灯,5,5,90'].join('\n'));
    fs.writeFileSync(path.join(dir, 'c7', 'evaluations.csv'), [EVAL_NO_REGION, 'A2,2023,财政局,项目,路灯,5,5,95'].join('\n'));
    const cli = spawnSync('npx', ['tsx', 'src/cli/analyze.ts', '--json', '--region', '乙县', dir], { encoding: 'utf8', timeout: 240_000, maxBuffer: 64 << 20 });
    expect(cli.status, cli.stderr).toBe(0);
    const out = JSON.parse(cli.stdout);
    const c6 = out.files.find((f: { file: string }) => f.file.endsWith('c6/evaluations.csv'));
    expect(c6).toMatchObject({ rowsRead: 2, rowsLoaded: 2, rowsRejected: 0, rowsReplaced: 0, rowsPresent: 1, rowsReplacedLater: 1, loadId: 1 });
    expect(c6.replacedBy).toEqual([{ file: path.join(dir, 'c7', 'evaluations.csv'), rows: 1 }]);
    expect(out.evaluations.map((e: { region: string }) => e.region)).toEqual(['乙县', '乙县']);
    expect(spawnSync('npx', ['tsx', 'src/cli/analyze.ts', '--region'], { encoding: 'utf8' }).status).toBe(2);
  }, 240_000);

  it('adds up indicators of one form split over several files of one load, and replaces them in a later load', async () => {
    await loadFiles(engine, [
      file('e.csv', EVAL, 'A1,2023,甲县,财政局,部门整体,,10,10,100'),
      file('产出.csv', IND, 'A1,产出指标,数量指标,x,1,1,10,10', 'A1,,质量指标,y,1,1,10,10'),
      // Cut inside a merged 一级指标: the blank carries on from the last file.
      file('产出-续.csv', IND, 'A1,,,y2,1,1,10,10', 'A1,效益指标,社会效益,z,1,1,10,10'),
    ]);
    expect((await indicators()).map((r) => [r.seq, r.level1, r.level2, r.level3])).toEqual([
      [1, '产出指标', '数量指标', 'x'], [2, '产出指标', '质量指标', 'y'], [3, '产出指标', '质量指标', 'y2'], [4, '效益指标', '社会效益', 'z'],
    ]);
    // Within one load the second file adds to the first: it replaced nothing.
    expect((await accounts())['产出-续.csv|indicators'].rowsReplaced).toBe(0);
    const later = await loadFiles(engine, [file('修订.csv', IND, 'A1,产出指标,数量指标,x,1,1,10,9', 'A1,效益指标,社会效益,z,1,1,10,10')]);
    expect(later.files[0].rowsReplaced).toBe(4);
    expect((await indicators()).map((r) => [r.seq, r.level3, r.source_file])).toEqual([[1, 'x', '修订.csv'], [2, 'z', '修订.csv']]);
    const loads = await loadedFileAccounts(engine);
    expect(new Set(loads.filter((f) => f.table !== 'indicators' || f.file !== '修订.csv').map((f) => f.loadId))).toEqual(new Set([1]));
    expect(loads.find((f) => f.file === '修订.csv')!.loadId).toBe(2);
    await expectAccountsHold();
  });

  it('rejects an exact duplicate indicator row within one load, naming the row it repeats', async () => {
    const r = await loadFiles(engine, [
      file('a/indicators.csv', IND, 'A1,产出指标,数量指标,x,1,1,10,10', 'A1,产出指标,数量指标,y,1,1,10,10', 'A1,产出指标,数量指标,x,1,1,10,10'),
      file('b/indicators.csv', IND, 'A1,产出指标,数量指标,y,1,1,10,10', 'A1,产出指标,数量指标,y,1,1,10,8', 'A2,产出指标,数量指标,y,1,1,10,10'),
    ]);
    expect(await rejectedOf('a/indicators.csv')).toEqual([{ line: 4, reason: '与本文件第 2 行重复（同一表单的同一条指标）' }]);
    expect(await rejectedOf('b/indicators.csv')).toEqual([{ line: 2, reason: '与 a/indicators.csv 第 3 行重复（同一表单的同一条指标，同一批载入）' }]);
    expect(r.rejected.map((x) => [x.file, x.line])).toEqual([['a/indicators.csv', 4], ['b/indicators.csv', 2]]);
    expect((await indicators()).map((x) => [x.eval_id, x.seq, x.level3])).toEqual([['A1', 1, 'x'], ['A1', 2, 'y'], ['A1', 3, 'y'], ['A2', 1, 'y']]);
    const files = await expectAccountsHold();
    expect(files.map((f) => [f.file, f.rowsRead, f.rowsLoaded, f.rowsRejected])).toEqual([['a/indicators.csv', 3, 2, 1], ['b/indicators.csv', 3, 2, 1]]);
    // The same rows in a later load are a replacement, not duplicates.
    const again = await loadFiles(engine, [file('c/indicators.csv', IND, 'A1,产出指标,数量指标,y,1,1,10,10')]);
    expect(again.rejected).toEqual([]);
    expect((await indicators()).map((x) => [x.eval_id, x.seq, x.source_file])).toEqual([['A1', 1, 'c/indicators.csv'], ['A2', 1, 'b/indicators.csv']]);
  });
});

// ---- The property: one department's files split at random into files and loads ----

const SEED = 'data/seed';
/** Each seed file as its header and its records, each record CSV text again (long texts hold line breaks). */
const seedLines = Object.fromEntries(
  DATA_TABLES.map((t) => {
    const [header, ...rows] = Papa.parse<string[]>(fs.readFileSync(path.join(SEED, `${t}.csv`), 'utf8'), { skipEmptyLines: true }).data.map((r) => Papa.unparse([r]));
    return [t, { header, rows }];
  }),
) as Record<(typeof DATA_TABLES)[number], { header: string; rows: string[] }>;

/** The data tables without where each row came from, in a stable order. */
async function contents(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of DATA_TABLES) out[t] = await engine.query(`SELECT * EXCLUDE (source_file, source_line) FROM ${t} ORDER BY ALL`);
  return out;
}

/** Cuts `rows` at the given points (sorted, deduplicated) into consecutive pieces. */
function cut(rows: string[], points: number[]): string[][] {
  const at = [...new Set(points.map((p) => Math.min(p, rows.length)))].sort((a, b) => a - b);
  const pieces: string[][] = [];
  let from = 0;
  for (const p of [...at, rows.length]) {
    if (p > from) pieces.push(rows.slice(from, p));
    from = Math.max(from, p);
  }
  return pieces;
}

describe('property: splitting files and loads changes nothing', () => {
  it('gives the tables of one whole load, with every file accounted for', async () => {
    await loadFiles(engine, DATA_TABLES.map((t) => file(`whole/${t}.csv`, seedLines[t].header, ...seedLines[t].rows)));
    const whole = await contents();
    expect(whole.indicators.length).toBe(65);
    const table = fc.constantFrom(...DATA_TABLES);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          cuts: fc.record({ evaluations: fc.array(fc.nat(6), { maxLength: 3 }), indicators: fc.array(fc.nat(65), { maxLength: 4 }), spending: fc.array(fc.nat(22), { maxLength: 3 }), staffing: fc.constant<number[]>([]) }),
          loads: fc.integer({ min: 1, max: 3 }),
          /** Load of each non-indicator piece, by position (wrapped). */
          placement: fc.array(fc.nat(2), { minLength: 12, maxLength: 12 }),
          indicatorLoad: fc.nat(2),
          /** Pieces sent again in a later load: same name (a file loaded again) or another folder. */
          again: fc.array(fc.record({ table, piece: fc.nat(4), renamed: fc.boolean() }), { maxLength: 3 }),
          indicatorsAgain: fc.option(fc.boolean(), { nil: undefined }),
        }),
        async (plan) => {
          await clearAll(engine);
          const loads: InputFile[][] = Array.from({ length: plan.loads + 1 }, () => []);
          const pieces = {} as Record<string, InputFile[]>;
          let k = 0;
          for (const t of DATA_TABLES) {
            pieces[t] = cut(seedLines[t].rows, plan.cuts[t]).map((rows, i) => file(`c${i}/${t}.csv`, seedLines[t].header, ...rows));
            for (const p of pieces[t]) {
              // A form's indicators may span pieces: all of them come in one load, which adds them up.
              const at = t === 'indicators' ? plan.indicatorLoad % plan.loads : plan.placement[k++ % 12] % plan.loads;
              loads[at].push(p);
            }
          }
          // The last load repeats some of it: whole rows (forms, lines) replace, nothing doubles.
          const last = loads[plan.loads];
          for (const a of plan.again) {
            if (a.table === 'indicators') continue;
            const p = pieces[a.table][a.piece % pieces[a.table].length];
            last.push(a.renamed ? { ...p, name: `again/${p.name}` } : p);
          }
          if (plan.indicatorsAgain != null) for (const p of pieces.indicators) last.push(plan.indicatorsAgain ? { ...p, name: `again/${p.name}` } : p);
          for (const batch of loads) if (batch.length) await loadFiles(engine, batch);
          expect(await contents()).toEqual(whole);
          await expectAccountsHold();
          expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM rejected_rows`)).toEqual([{ n: 0 }]);
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});
