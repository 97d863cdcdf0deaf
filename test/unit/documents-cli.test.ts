// The CLI on documents as a user hands them over: generated .docx, .xlsx, .html, .pdf and .txt of
// one department in a temp dir, analysed with the batch region. Every file is accounted for (rows
// read = loaded + rejected) and every cell left out is reported with where it was.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/generate';

let dir: string;
let region: string;
let department: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-docs-cli-'));
  await generate({ scale: 'county', rows: 100, seed: 7, format: 'csv', documents: ['docx', 'xlsx', 'html', 'pdf', 'txt'], encoding: 'utf8', out: dir, headers: 'zh' });
  region = fs.readdirSync(path.join(dir, 'documents'))[0];
  department = fs.readdirSync(path.join(dir, 'documents', region)).find((f) => f.endsWith('.docx'))!.replace(/\.docx$/, '');
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface FileReport { file: string; table: string | null; rowsRead: number; rowsLoaded: number; rowsRejected: number }

describe('npm run analyze on documents', () => {
  it('loads a department\'s forms from docx, xlsx, html, pdf and txt, every row and cell accounted for', () => {
    const files = ['docx', 'xlsx', 'html', 'pdf', 'txt'].map((ext) => path.join(dir, 'documents', region, `${department}.${ext}`));
    const r = spawnSync('npx', ['tsx', 'src/cli/analyze.ts', '--json', '--region', region, ...files], { encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: FileReport[]; rejected: { file: string; line: number | null; reason: string }[]; evaluations: unknown[] };
    for (const f of files) {
      const reports = out.files.filter((x) => x.file === f);
      expect(reports.map((x) => x.table).sort(), f).toEqual(['evaluations', 'indicators', 'spending', 'staffing']);
      for (const x of reports) expect(x.rowsRead, `${f} ${x.table}`).toBe(x.rowsLoaded + x.rowsRejected);
      expect(reports.find((x) => x.table === 'evaluations')!.rowsRead, f).toBeGreaterThan(0);
    }
    // The same forms in five files are one department's forms once.
    const evaluations = out.files.find((x) => x.file === files[0] && x.table === 'evaluations')!.rowsRead;
    expect(out.evaluations.length).toBe(evaluations);
    // A cell not loaded names its place: a sheet's address, or the table, row and column (and page).
    const cells = out.rejected.filter((x) => x.line === null);
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c.reason, c.file).toMatch(/^(工作表「[^」]+」 [A-Z]+\d+|(第[\d–]+页，)?第\d+张表 (第\d+页 )?第\d+行第\d+列)「/);
    expect(cells.filter((c) => c.reason.endsWith('未识别的单元格'))).toEqual([]);
  }, 300_000);
});
