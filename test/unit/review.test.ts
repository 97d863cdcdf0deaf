// The review (issue 13) on real DuckDB-WASM in Node, on the real seed department: finding identities
// that survive a reload and a re-submission under a new 评价编号, marks one at a time and in bulk,
// the review file (JSON and CSV) round-tripping, and the notice — a dismissed finding leaves it but
// stays findable — written as .docx and read back with the app's own .docx reader.
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll } from '../../src/db/schema';
import { expand } from '../../src/ingest/documents/grid';
import { readDocx } from '../../src/ingest/documents/docx';
import { loadFiles, type InputFile } from '../../src/ingest/load';
import { readReviewFile, reviewFileCsv, reviewFileJson } from '../../src/review/file';
import { buildNotice, noticeDepartments, type NoticeSettings } from '../../src/review/notice';
import { noticeFileName, noticesDocx, noticesZip } from '../../src/review/notice-docx';
import { clearMarks, importMarks, markFindings, readMarks, reviewCounts, reviewedFindings, REVIEW_STATES, type ReviewMark } from '../../src/review/store';

const SEED = path.resolve(__dirname, '../../data/seed');
const MLS = '中共汨罗市委机构编制委员会办公室';
const WHO = { region: '汨罗市', department: MLS, year: 2023 };
const SETTINGS: NoticeSettings = { bureau: '汨罗市财政局', date: '2024年5月10日', due: '2024年5月31日', reference: '汨财绩〔2024〕3号' };

const seedFile = (name: string, edit: (text: string) => string = (t) => t): InputFile => ({
  name,
  bytes: new TextEncoder().encode(edit(fs.readFileSync(path.join(SEED, name), 'utf8'))),
  origin: 'real',
});
const seedFiles = () => ['evaluations.csv', 'indicators.csv', 'spending.csv', 'staffing.csv'].map((n) => seedFile(n));

let engine: Engine;
async function loadSeed(): Promise<void> {
  await clearAll(engine);
  await clearMarks(engine);
  await loadFiles(engine, seedFiles());
  await analyse(engine);
}
const keys = async () => (await reviewedFindings(engine)).map((f) => f.finding_key).sort();

beforeAll(async () => {
  engine = await openNodeEngine();
  await loadSeed();
}, 120_000);
afterAll(() => engine?.close());

describe('finding identities', () => {
  it('give every finding its form, cell and value, and the same keys after a reload', async () => {
    const rows = await reviewedFindings(engine);
    expect(rows.length).toBeGreaterThan(20);
    const [{ n }] = await engine.query<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM findings');
    expect(rows).toHaveLength(n);
    for (const f of rows) {
      expect(f.finding_key).not.toContain(f.eval_id ?? '\u0000'); // the 评价编号 is not part of it
      if (f.seq != null) {
        expect(f.row_no).toBe(f.seq);
        expect(f.cell.startsWith('row:')).toBe(true);
      }
      if (f.eval_id != null) expect(f.kind).not.toBeNull();
    }
    // a cell's value is what the form says there
    const w = rows.find((f) => f.rule === 'weights-sum');
    expect(w?.value).toBe('90');
    const before = await keys();
    await loadSeed();
    expect(await keys()).toEqual(before);
  });

  it('are the same for a re-submission under a new 评价编号 with its rows shifted, and its marks come back', async () => {
    await loadSeed();
    const [form] = await engine.query<{ eval_id: string }>(
      `SELECT eval_id FROM findings WHERE seq IS NOT NULL GROUP BY eval_id ORDER BY count(*) DESC, eval_id LIMIT 1`,
    );
    const old = form.eval_id;
    const mine = await reviewedFindings(engine, { eval_id: old });
    const rowFinding = mine.find((f) => f.eval_id === old && f.seq != null)!;
    const formFinding = mine.find((f) => f.eval_id === old && f.seq == null)!;
    expect(rowFinding && formFinding).toBeTruthy();
    await markFindings(engine, { keys: [rowFinding.finding_key] }, 'dismissed', '指标经主管部门认可');
    await markFindings(engine, { keys: [formFinding.finding_key] }, 'confirmed');

    // The department corrects and sends the form again: a new 评价编号, one row added at the top.
    const renumber = (t: string) => t.replaceAll(old, 'RESUBMITTED-1');
    const addRow = (t: string) => {
      const [head, ...rest] = t.split('\n');
      return [head, 'RESUBMITTED-1,产出指标,数量指标,补报的新指标,1项,1项,,,', ...rest].join('\n');
    };
    await loadFiles(engine, [seedFile('evaluations.csv', renumber), seedFile('indicators.csv', (t) => addRow(renumber(t)))]);
    await analyse(engine);
    expect(await engine.query('SELECT 1 FROM evaluations WHERE eval_id = ?', [old])).toHaveLength(0);
    const again = await reviewedFindings(engine, { eval_id: 'RESUBMITTED-1' });
    const againKeys = new Set(again.map((f) => f.finding_key));
    for (const f of mine) expect(againKeys.has(f.finding_key), `${f.rule} ${f.cell}`).toBe(true);
    const row = again.find((f) => f.finding_key === rowFinding.finding_key)!;
    expect(row.row_no).toBe(rowFinding.row_no! + 1); // the row moved, the identity did not
    expect(row.review_state).toBe('dismissed');
    expect(row.reason).toBe('指标经主管部门认可');
    expect(again.find((f) => f.finding_key === formFinding.finding_key)!.review_state).toBe('confirmed');
  });
});

describe('marks', () => {
  it('in bulk: every finding of a rule in a department, with a reason; a dismissal needs one', async () => {
    await loadSeed();
    const all = await reviewedFindings(engine, { department: MLS, rule: 'budget-adjusted' });
    expect(all.length).toBeGreaterThan(1);
    await expect(markFindings(engine, { department: MLS, rule: 'budget-adjusted' }, 'dismissed', '  ')).rejects.toThrow(/理由/);
    const n = await markFindings(engine, { region: '汨罗市', department: MLS, rule: 'budget-adjusted' }, 'dismissed', '年中追加经省厅批复');
    expect(n).toBe(new Set(all.map((f) => f.finding_key)).size);
    const after = await reviewedFindings(engine, { department: MLS, rule: 'budget-adjusted' });
    expect(after.every((f) => f.review_state === 'dismissed' && f.reason === '年中追加经省厅批复' && !f.open)).toBe(true);
    const counts = await reviewCounts(engine, { department: MLS });
    expect(counts.dismissed).toBe(all.length);
    // marked again: the newer mark replaces the older
    await markFindings(engine, { keys: [all[0].finding_key] }, 'confirmed');
    expect((await reviewedFindings(engine, { keys: [all[0].finding_key] }))[0].review_state).toBe('confirmed');
    expect((await readMarks(engine)).filter((m) => m.rule === 'budget-adjusted')).toHaveLength(n);
  });

  it('are counted per state as reviewed_findings gives them, though unmarkable findings skip their identity', async () => {
    // The marks of the test before (dismissed and one confirmed, in one department and rule) stand.
    const marks = await readMarks(engine);
    expect(new Set(marks.map((m) => m.state))).toEqual(new Set(['dismissed', 'confirmed']));
    const byHand = async (s: Parameters<typeof reviewedFindings>[1]) => {
      const counts = { confirmed: 0, dismissed: 0, pending: 0 };
      for (const f of await reviewedFindings(engine, s)) counts[f.review_state]++;
      return counts;
    };
    const selections = [
      {}, { department: MLS }, { rule: 'budget-adjusted' }, { rule: 'budget-adjusted', severity: 'low' }, { year: 2023 },
      { state: 'open' as const }, { state: 'dismissed' as const }, { filters: { years: [2023], departments: [MLS] } },
      { filters: { deptKinds: ['党委部门'] } }, { eval_id: (await reviewedFindings(engine, { department: MLS })).find((f) => f.eval_id)!.eval_id },
    ];
    let marked = 0;
    for (const s of selections) {
      const counts = await reviewCounts(engine, s);
      expect(counts, JSON.stringify(s)).toEqual(await byHand(s));
      marked += counts.confirmed + counts.dismissed;
    }
    expect(marked).toBeGreaterThan(0);
    // With no mark at all (the query then leaves the identity out altogether): every finding 待核.
    await clearMarks(engine);
    try {
      for (const s of selections.filter((x) => !('state' in x))) {
        const n = (await reviewedFindings(engine, s)).length;
        expect(await reviewCounts(engine, s), JSON.stringify(s)).toEqual({ confirmed: 0, dismissed: 0, pending: n });
      }
    } finally {
      await importMarks(engine, marks);
    }
  });
});

describe('the review file', () => {
  const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== '');
  const mark: fc.Arbitrary<ReviewMark> = fc
    .record({
      rule: fc.constantFrom('weights-sum', 'generic-indicator', 'budget-adjusted'),
      region: fc.option(text, { nil: null }),
      department: text,
      year: fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: null }),
      kind: fc.option(fc.constantFrom('部门整体', '项目'), { nil: null }),
      project: fc.option(fc.oneof(text, fc.constantFrom('=HYPERLINK("x")', "'quoted", '-1', '+x', '@SUM(A1)', 'a,"b"\nc')), { nil: null }),
      cell: fc.oneof(text, fc.constantFrom('row:办文及时率:actual', 'weight', "''x")),
      state: fc.constantFrom(...REVIEW_STATES),
      reason: fc.option(fc.oneof(text, fc.constantFrom('=1+1', "'x", '年中追加经省厅批复；见"批复"\r\n第二行')), { nil: null }),
      marked_at: fc.option(fc.constant('2024-05-10T08:00:00.000Z'), { nil: null }),
    })
    .map((m) => (m.state === 'dismissed' && !m.reason ? { ...m, reason: '理由' } : m));

  it('round-trips as JSON and as CSV (formula guards undone, quotes and line breaks kept)', () => {
    fc.assert(
      fc.property(fc.array(mark, { maxLength: 8 }), (marks) => {
        for (const write of [reviewFileJson, reviewFileCsv]) {
          const back = readReviewFile(write(marks));
          expect(back.problems).toEqual([]);
          expect(back.marks).toEqual(marks);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('guards formulas in the CSV and names every line that is not a mark', () => {
    const csv = reviewFileCsv([{ rule: 'weights-sum', region: null, department: '=cmd', year: 2023, kind: null, project: null, cell: 'weight', state: 'dismissed', reason: '@x', marked_at: null }]);
    expect(csv).toContain("'=cmd");
    expect(csv).toContain("'@x");
    expect(csv).toContain('排除');
    const bad = readReviewFile(csv + 'weights-sum,,部门,二〇二三,,,weight,确认,,\r\nweights-sum,,部门,2023,,,weight,排除,,\r\nweights-sum,,部门,2023,,,weight,随便,,\r\n');
    expect(bad.marks).toHaveLength(1);
    expect(bad.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(readReviewFile('{"format":"other"}').problems).toHaveLength(1);
    expect(readReviewFile('{').problems[0].reason).toMatch(/JSON/);
  });

  it('carries a review to a colleague: exported, imported into another load, the same marks on the same findings', async () => {
    await loadSeed();
    await markFindings(engine, { department: MLS, rule: 'budget-adjusted' }, 'dismissed', '年中追加经省厅批复');
    await markFindings(engine, { department: MLS, rule: 'weights-sum' }, 'confirmed');
    const exported = await readMarks(engine);
    const states = (await reviewedFindings(engine)).map((f) => [f.finding_key, f.review_state, f.reason]);
    for (const write of [reviewFileJson, reviewFileCsv]) {
      await loadSeed(); // a colleague's own load: no marks
      expect((await reviewCounts(engine)).dismissed).toBe(0);
      const file = readReviewFile(write(exported));
      const r = await importMarks(engine, file.marks);
      expect(r).toEqual({ marks: exported.length, matched: exported.length });
      expect(await readMarks(engine)).toEqual(exported);
      expect((await reviewedFindings(engine)).map((f) => [f.finding_key, f.review_state, f.reason])).toEqual(states);
    }
  });
});

describe('the notice', () => {
  it('lists every open finding with cell and value; a dismissed one leaves it but stays findable with its reason', async () => {
    await loadSeed();
    const open = await reviewedFindings(engine, { ...WHO, state: 'open' });
    const notice = await buildNotice(engine, WHO, SETTINGS);
    const listed = notice.sections.flatMap((s) => s.findings);
    expect(listed.map((f) => f.finding_key).sort()).toEqual(open.map((f) => f.finding_key).sort());
    expect(notice.forms).toBe(6);
    expect(notice.intro).toContain(`共复核自评表 6 张，发现需核实更正的问题 ${open.length} 个`);
    expect(notice.score).toMatch(/模板化程度平均得分/);
    const weights = listed.find((f) => f.rule === 'weights-sum')!;
    expect(weights.value).toBe('90');
    expect(weights.cell).toBe('分值合计');
    expect(weights.fix).toContain('请核实分值合计并重新计分');
    const row = listed.find((f) => f.rule === 'actual-equals-target')!;
    expect(row.cell).toMatch(/^第\d+行「.+」·实际完成值$/);
    // a finding about several rows names them, as the form view highlights them
    expect(listed.find((f) => f.rule === 'copied-indicators')!.cell).toMatch(/^第\d+(、\d+)+行·三级指标$/);

    const gone = listed.find((f) => f.rule === 'actual-equals-target')!;
    await markFindings(engine, { keys: [gone.finding_key] }, 'dismissed', '照抄系填报口径所致，不作扣分');
    const after = await buildNotice(engine, WHO, SETTINGS);
    const afterKeys = after.sections.flatMap((s) => s.findings).map((f) => f.finding_key);
    expect(afterKeys).not.toContain(gone.finding_key);
    expect(afterKeys).toHaveLength(listed.length - open.filter((f) => f.finding_key === gone.finding_key).length);
    const dismissed = await reviewedFindings(engine, { ...WHO, state: 'dismissed' });
    expect(dismissed.map((f) => [f.finding_key, f.reason])).toContainEqual([gone.finding_key, '照抄系填报口径所致，不作扣分']);
    expect((await noticeDepartments(engine, { departments: [MLS] })).find((d) => d.year === 2023)?.open).toBe(afterKeys.length);
  });

  it('as .docx: one section per department with its findings, read back by the app’s own .docx reader', async () => {
    await loadSeed();
    const years = (await noticeDepartments(engine, { departments: [MLS] })).filter((d) => d.open > 0);
    const notices = await Promise.all(years.map((d) => buildNotice(engine, d, SETTINGS)));
    const bytes = await noticesDocx(notices);
    const doc = readDocx(bytes, 'notice.docx');
    const expected = notices.flatMap((n) => n.sections.map((s) => s.findings.map((f) => [f.cell, f.value ?? '（空）', f.problem, f.fix])));
    const tables = doc.grids.map((g) => expand(g).slice(1).map((row) => row.slice(1).map((c) => c?.text ?? '')));
    expect(tables).toEqual(expected);
    expect(doc.grids[0].caption.join('\n')).toContain('汨罗市财政局');
    const xml = new TextDecoder().decode((await import('fflate')).unzipSync(bytes)['word/document.xml']);
    expect(xml.match(/<w:sectPr/g)).toHaveLength(notices.length); // a new page per department and year
    expect(xml).toContain('w:w="11906"'); // A4
  });

  it('as a zip: one .docx per department and year, named by it, each reading back as that notice alone', async () => {
    await loadSeed();
    const [seed] = await Promise.all((await noticeDepartments(engine, { departments: [MLS] })).filter((d) => d.open > 0).map((d) => buildNotice(engine, d, SETTINGS)));
    // a second department's notice (the model is plain data): its own file, named by it
    const notices = [seed, { ...seed, region: '甲县', department: '财政局/基建科', to: '甲县财政局：', sections: seed.sections.slice(0, 1) }];
    const files = (await import('fflate')).unzipSync(await noticesZip(notices));
    expect(Object.keys(files)).toEqual(notices.map((n) => noticeFileName(n)));
    expect(Object.keys(files)).toEqual([`汨罗市-${MLS}-2023.docx`, '甲县-财政局_基建科-2023.docx']);
    for (const n of notices) {
      const doc = readDocx(files[noticeFileName(n)], 'notice.docx');
      const tables = doc.grids.map((g) => expand(g).slice(1).map((row) => row.slice(1).map((c) => c?.text ?? '')));
      expect(tables).toEqual(n.sections.map((s) => s.findings.map((f) => [f.cell, f.value ?? '（空）', f.problem, f.fix])));
      expect(doc.grids[0].caption.join('\n')).toContain(n.title);
    }
    // two notices of one name (the same department read twice) are both kept
    expect(Object.keys((await import('fflate')).unzipSync(await noticesZip([notices[0], notices[0]])))).toEqual([
      noticeFileName(notices[0]), noticeFileName(notices[0]).replace('.docx', ' (2).docx'),
    ]);
  });
});
