// `npm run review -- --notice OUT_DIR [--review FILE] PATH…` as a pipeline runs it: a real process on
// the seed, its .docx read back with the app's own reader and compared with the notice the same SQL
// gives in this process, with and without a colleague's review file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { expand } from '../../src/ingest/documents/grid';
import { readDocx } from '../../src/ingest/documents/docx';
import { loadFiles } from '../../src/ingest/load';
import { readInputFiles } from '../../src/ingest/node';
import { reviewFileCsv } from '../../src/review/file';
import { buildNotice } from '../../src/review/notice';
import { markFindings, readMarks } from '../../src/review/store';

const WHO = { region: '汨罗市', department: '中共汨罗市委机构编制委员会办公室', year: 2023 };
const SETTINGS = { bureau: '汨罗市财政局', date: '2024年5月10日', due: '2024年5月31日', reference: '汨财绩〔2024〕3号' };
const review = (...args: string[]) => {
  const r = spawnSync('npx', ['tsx', 'src/cli/review.ts', ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The findings a .docx lists, as [cell, value, problem, fix] rows, table by table. */
const listed = (file: string) =>
  readDocx(fs.readFileSync(file), file).grids.flatMap((g) => expand(g).slice(1).map((row) => row.slice(1).map((c) => c?.text ?? '')));

let engine: Engine;
let dir: string;
beforeAll(async () => {
  engine = await openNodeEngine();
  await loadFiles(engine, readInputFiles(['data/seed'], 'real'));
  await analyse(engine);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-cli-'));
}, 120_000);
afterAll(async () => {
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run review -- --notice', () => {
  const args = ['--bureau', SETTINGS.bureau, '--date', SETTINGS.date, '--due', SETTINGS.due, '--ref', SETTINGS.reference];
  const expected = async () =>
    (await buildNotice(engine, WHO, SETTINGS)).sections.flatMap((s) => s.findings.map((f) => [f.cell, f.value ?? '（空）', f.problem, f.fix]));

  it('writes one notice per department and year, listing what the app’s notice lists', async () => {
    const out = path.join(dir, 'plain');
    const r = review('--notice', out, ...args, 'data/seed');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = path.join(out, '汨罗市-中共汨罗市委机构编制委员会办公室-2023.docx');
    const rows = await expected();
    expect(r.stdout).toBe(`${file}\t${rows.length}\n`);
    expect(listed(file)).toEqual(rows);
    expect(readDocx(fs.readFileSync(file), file).grids[0].caption.join('\n')).toContain('汨财绩〔2024〕3号');
  }, 240_000);

  it('leaves out what a review file dismissed, and names the lines of it that are not marks', async () => {
    await markFindings(engine, { department: WHO.department, rule: 'budget-adjusted' }, 'dismissed', '年中追加经省厅批复');
    const file = path.join(dir, 'review.csv');
    fs.writeFileSync(file, reviewFileCsv(await readMarks(engine)) + 'weights-sum,,部门,2023,,,weight,随便,,\r\n');
    const out = path.join(dir, 'reviewed');
    const r = review('--notice', out, '--review', file, ...args, 'data/seed');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}:4: 复核状态「随便」`);
    expect(r.stderr).toContain('复核标记 2 条，其中 2 条对应已载入的发现');
    const rows = await expected();
    expect(rows.some((x) => x[2].startsWith('年中预算调整幅度大'))).toBe(false);
    expect(listed(path.join(out, '汨罗市-中共汨罗市委机构编制委员会办公室-2023.docx'))).toEqual(rows);
  }, 240_000);

  it('refuses to run without OUT_DIR or paths, and a missing review file', () => {
    expect(review('data/seed').code).toBe(2);
    expect(review('--notice', dir).code).toBe(2);
    expect(review('--notice', dir, '--review', path.join(dir, 'none.json'), 'data/seed').code).toBe(1);
  }, 120_000);
});
