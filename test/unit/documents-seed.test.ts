// The real package's own text (shared/seeds, copied to test/fixtures/seed-package.txt) read by the
// document path must load to exactly what was transcribed by hand into data/seed/: every table,
// column by column, compared in DuckDB after the same loader. The transcription's 评价编号 are
// hand-made (MLS-BB-2023-D00 …), so forms are matched on their identity instead.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { parseDocument } from '../../src/ingest/documents/index';
import { loadFiles } from '../../src/ingest/load';
import type { ParsedFile } from '../../src/ingest/types';

const SEED = path.resolve(__dirname, '../../data/seed');
const TEXT = path.resolve(__dirname, '../fixtures/seed-package.txt');

let fromText: Engine;
let fromCsv: Engine;
let parsed: ParsedFile[];

beforeAll(async () => {
  [fromText, fromCsv] = await Promise.all([openNodeEngine(), openNodeEngine()]);
  const bytes = new Uint8Array(fs.readFileSync(TEXT));
  parsed = await parseDocument('seed-package.txt', bytes, { region: '汨罗市' });
  // Loaded as a user loads it: the file goes through readFile, which finds it is a form's text.
  await loadFiles(fromText, [{ name: 'seed-package.txt', bytes, origin: 'real' }], { region: '汨罗市' });
  await loadFiles(fromCsv, ['evaluations', 'indicators', 'spending', 'staffing'].map((t) => ({
    name: `seed/${t}.csv`, bytes: new Uint8Array(fs.readFileSync(path.join(SEED, `${t}.csv`))), origin: 'real' as const,
  })));
});
afterAll(async () => {
  await fromText?.close();
  await fromCsv?.close();
});

/** Every column of a table but the ones naming where a row came from (and the hand-made ids). */
async function columnsOf(table: string, leave: string[]): Promise<string[]> {
  const cols = await fromCsv.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, [table]);
  return cols.map((c) => c.name).filter((c) => !c.startsWith('source_') && !leave.includes(c));
}

async function both(sql: string) {
  const [a, b] = await Promise.all([fromText.query(sql), fromCsv.query(sql)]);
  return { text: a, csv: b };
}

describe('the seed package read from its text', () => {
  it('finds the four tables, and accounts for every row', () => {
    expect(parsed.map((p) => p.table).sort()).toEqual(['evaluations', 'indicators', 'spending', 'staffing']);
    for (const p of parsed) expect(p.rowsRead).toBe(p.rowCount + p.rejected.filter((r) => r.line != null).length);
  });

  for (const [table, key, leave] of [
    ['evaluations', 'kind, project', ['eval_id']],
    ['spending', 'item, parent', []],
    ['staffing', 'department', []],
  ] as const) {
    it(`${table}: the same rows as the hand transcription, column by column`, async () => {
      const cols = await columnsOf(table, [...leave]);
      const { text, csv } = await both(`SELECT ${cols.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ')} FROM ${table} ORDER BY ${key} NULLS FIRST`);
      expect(text.length).toBe(csv.length);
      for (const c of cols) expect(text.map((r) => r[c]), c).toEqual(csv.map((r) => r[c]));
    });
  }

  it('indicators: the same rows on each form, in order, column by column', async () => {
    const cols = await columnsOf('indicators', ['eval_id']);
    const { text, csv } = await both(
      `SELECT e.kind, e.project, ${cols.map((c) => `CAST(i.${c} AS VARCHAR) AS ${c}`).join(', ')}
       FROM indicators i JOIN evaluations e USING (eval_id) ORDER BY e.kind, e.project NULLS FIRST, i.seq`);
    expect(text.length).toBe(65);
    for (const c of ['kind', 'project', ...cols]) expect(text.map((r) => r[c]), c).toEqual(csv.map((r) => r[c]));
  });

  it('says where each form came from', async () => {
    const rows = await fromText.query<{ project: string | null; source_where: string }>(
      `SELECT project, source_where FROM evaluations ORDER BY source_where`);
    expect(rows.map((r) => r.source_where)).toEqual(['第2张表', '第3张表', '第4张表', '第5张表', '第6张表', '第7张表']);
    const [ind] = await fromText.query<{ source_where: string }>(`SELECT source_where FROM indicators WHERE eval_id LIKE '%编办专项' AND seq = 1`);
    expect(ind.source_where).toBe('第3张表 第11行第4列');
  });

  it('reports, cell by cell, what it did not load: 楼堂馆所, 控制率, the 部门整体 form\'s income breakdown, the weight totals', () => {
    const cells = parsed.flatMap((p) => p.rejected.filter((r) => r.line == null));
    const about = (s: string) => cells.filter((r) => r.reason.includes(s)).length;
    expect(about('楼堂馆所控制情况')).toBe(13); // its header row (7) and its figures (6)
    expect(about('厉行节约保障措施')).toBe(2);
    expect(about('控制率')).toBeGreaterThanOrEqual(2);
    expect(about('分值合计')).toBe(6); // the 总分 row's weight total on each of the six forms
    expect(cells.filter((r) => r.reason.endsWith('未识别的单元格')).map((r) => r.reason.replace(/：未识别的单元格$/, ''))).toEqual([
      '第2张表 第5行第2列「其中：一般公共预算： 183.35」',
      '第2张表 第5行第3列「其中：基本支出： 145.35」',
      '第2张表 第6行第2列「政府性基金拨款：」',
      '第2张表 第6行第3列「项目支出： 38」',
      '第2张表 第7行第2列「纳入专户管理的非税收入拨款：」',
    ]);
    expect(cells.length).toBe(28);
  });

  it('without a region for the batch, the region stays empty and a note says so', async () => {
    const again = await parseDocument('seed-package.txt', new Uint8Array(fs.readFileSync(TEXT)));
    expect(again.flatMap((p) => p.notes).some((n) => n.includes('地区为空'))).toBe(true);
  });
});
