// The 发现计数 switch (issue 13) on real DuckDB-WASM in Node: with marks confirming some findings and
// dismissing others, the overview and both rankings under 'open' and 'confirmed' count what a hand
// count of the marks gives, and exactly what the analysis gives when it sees only the counted
// findings (the views' cache rebuilt from them); the identities and the marks stay as they were.
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { BOILERPLATE_CAP, BOILERPLATE_POINTS } from '../../src/analysis/boilerplate';
import { materialise } from '../../src/analysis/derived/objects';
import { buildViewCache } from '../../src/analysis/queries/cache';
import { FINDING_COUNTS, type FindingCount } from '../../src/analysis/queries/counted';
import type { Filters } from '../../src/analysis/queries/filters';
import { formsExport, rankedDepartments, rankedForms, rankedFormsCount, rankedFormsWindow, ruleCatalogue } from '../../src/analysis/queries/findings';
import { overviewData } from '../../src/analysis/queries/overview';
import { SCORE_TABLES } from '../../src/analysis/schema';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import { readInputFiles } from '../../src/ingest/node';
import { markFindings, readMarks, reviewedFindings, type ReviewedFinding } from '../../src/review/store';
import { cleanForm, fullMarks, insertForm, type Form } from './rules/fixture';

const MLS = '中共汨罗市委机构编制委员会办公室';
const CZ = '财政局';
const BAD = '测试局';

function inRegion(f: Form, region: string): Form {
  f.form = { ...f.form, eval_id: `${region}/${f.form.eval_id}`, region } as Form['form'];
  return f;
}
/** A form whose first indicator scores above its weight: a high-severity score-bounds finding. */
function overScored(project: string, variant: number): Form {
  const f = inRegion(cleanForm({ department: BAD, project, variant }), '丙县');
  f.indicators[0].score = 20;
  return f;
}

let engine: Engine;
let findings: ReviewedFinding[];

beforeAll(async () => {
  engine = await openNodeEngine();
  await loadFiles(engine, readInputFiles(['data/seed'], 'real'));
  await insertForm(
    engine,
    inRegion(fullMarks(cleanForm({ department: CZ, project: 'A' })), '甲县'),
    inRegion(fullMarks(cleanForm({ department: CZ, project: 'B', variant: 1 })), '甲县'),
    inRegion(cleanForm({ department: CZ, project: 'A' }), '乙县'),
    overScored('甲', 2),
    overScored('乙', 3),
  );
  await analyse(engine);
  // The officer's review: 甲县 confirmed whole; of the seed department the weights confirmed and the
  // mid-year additions dismissed; of 丙县's two over-scored forms one confirmed, one dismissed.
  await markFindings(engine, { region: '甲县' }, 'confirmed');
  await markFindings(engine, { department: MLS, rule: 'weights-sum' }, 'confirmed');
  await markFindings(engine, { department: MLS, rule: 'budget-adjusted' }, 'dismissed', '年中追加经省厅批复');
  await markFindings(engine, { eval_id: '丙县/测试局/2023/甲', rule: 'score-bounds' }, 'confirmed');
  await markFindings(engine, { eval_id: '丙县/测试局/2023/乙', rule: 'score-bounds' }, 'dismissed', '得分经复核无误');
  findings = await reviewedFindings(engine);
}, 180_000);
afterAll(() => engine?.close());

const counts = (f: ReviewedFinding, count: FindingCount) => count === 'all' || (count === 'open' ? f.open : f.review_state === 'confirmed');

/** The hand count: each form's score (the points of every rule counted on it, its own findings and its department's department-wide ones), per department. */
async function handCount(count: FindingCount) {
  const forms = await engine.query<{ eval_id: string; region: string | null; department: string; year: number }>(
    'SELECT eval_id, region, department, year FROM evaluations',
  );
  const counted = findings.filter((f) => counts(f, count));
  const sameDept = (f: ReviewedFinding, e: (typeof forms)[number]) => (f.region ?? '') === (e.region ?? '') && f.department === e.department;
  const score = new Map<string, number>();
  for (const e of forms) {
    const rules = new Set(
      counted
        .filter((f) => f.eval_id === e.eval_id || (f.eval_id == null && f.item == null && sameDept(f, e) && (f.year == null || f.year === e.year)))
        .map((f) => f.rule),
    );
    const raw = [...rules].reduce((a, r) => a + (BOILERPLATE_POINTS[r] ?? 0), 0);
    score.set(e.eval_id, Math.min(BOILERPLATE_CAP, raw));
  }
  const depts = new Map<string, { department: string; region: string | null; scores: number[]; findings: number; high: number }>();
  for (const e of forms) {
    const k = `${e.region}|${e.department}`;
    const d = depts.get(k) ?? { department: e.department, region: e.region, scores: [], findings: 0, high: 0 };
    d.scores.push(score.get(e.eval_id)!);
    depts.set(k, d);
  }
  for (const f of counted) {
    const d = depts.get(`${f.region}|${f.department}`);
    if (!d) continue;
    d.findings++;
    if (f.severity === 'high') d.high++;
  }
  const flaggedHigh = new Set(counted.filter((f) => f.severity === 'high' && f.eval_id != null).map((f) => f.eval_id)).size;
  const departments = [...depts.values()].map((d) => ({
    department: d.department, region: d.region, findings: d.findings, high: d.high,
    score: d.scores.reduce((a, s) => a.plus(s), new Decimal(0)).div(d.scores.length).toDecimalPlaces(2).toString(),
  }));
  return { score, departments, flaggedHigh, findings: counted.length };
}

describe('the 发现计数 switch', () => {
  it('the marks made: some confirmed, some dismissed, most left to review', () => {
    const state = (s: string) => findings.filter((f) => f.review_state === s).length;
    expect(state('confirmed')).toBeGreaterThan(3);
    expect(state('dismissed')).toBeGreaterThan(1);
    expect(state('pending')).toBeGreaterThan(state('confirmed'));
  });

  for (const count of FINDING_COUNTS) {
    it(`${count}: the overview and the rankings count what a hand count of the marks gives`, async () => {
      const hand = await handCount(count);
      const o = await overviewData(engine, {}, count);
      expect(o.count).toBe(count);
      expect(o.findings).toBe(hand.findings);
      expect(o.high.flagged).toBe(hand.flaggedHigh);
      expect(o.high.forms).toBe(hand.score.size);
      const byName = (d: { region: string | null; department: string }) => `${d.region}|${d.department}`;
      const want = new Map(hand.departments.map((d) => [byName(d), d]));
      for (const d of o.boilerplate) expect(d.score, byName(d)).toBe(want.get(byName(d))!.score);
      const depts = await rankedDepartments(engine, {}, { count });
      expect(depts.map((d) => ({ department: d.department, region: d.region, findings: d.findings, high: d.high, score: d.score })).sort((a, b) => byName(a).localeCompare(byName(b))))
        .toEqual([...want.values()].sort((a, b) => byName(a).localeCompare(byName(b))));
      // ranked by the counted scores, highest first
      const scores = depts.map((d) => new Decimal(d.score));
      for (let i = 1; i < scores.length; i++) expect(scores[i - 1].gte(scores[i])).toBe(true);
      const forms = await rankedForms(engine, {}, { count }, 1000);
      expect(new Map(forms.map((f) => [f.eval_id, f.score]))).toEqual(hand.score);
      expect((await ruleCatalogue(engine, {}, count)).reduce((a, c) => a + c.findings, 0)).toBe(hand.findings);
    });
  }

  it('confirmed only changes the order: 甲县 confirmed whole ranks above the seed department, which has one confirmed rule', async () => {
    const order = async (count: FindingCount) => (await rankedDepartments(engine, {}, { count })).map((d) => `${d.region}${d.department}`);
    expect((await order('all'))[0]).toBe(`汨罗市${MLS}`);
    expect((await order('open'))[0]).toBe(`汨罗市${MLS}`);
    const confirmed = await order('confirmed');
    expect(confirmed[0]).toBe(`甲县${CZ}`);
    expect(confirmed.indexOf(`汨罗市${MLS}`)).toBeGreaterThan(0);
    expect(confirmed.indexOf(`汨罗市${MLS}`)).toBeLessThan(confirmed.indexOf(`乙县${CZ}`)); // nothing of 乙县 confirmed
    expect((await overviewData(engine, {}, 'all')).high.flagged).toBe(2);
    expect((await overviewData(engine, {}, 'confirmed')).high.flagged).toBe(1);
  });

  it('counts exactly what the analysis gives when it sees only the counted findings; the identities and the marks stay', async () => {
    const marks = await readMarks(engine);
    const keys = findings.map((f) => f.finding_key);
    const FILTERS: Filters[] = [{}, { regions: ['甲县'] }, { years: [2023], deptKinds: ['政府部门'] }];
    const ask = async (count: FindingCount, filters: Filters) => ({
      overview: await overviewData(engine, filters, count).then(({ count: _, ...rest }) => rest),
      forms: await rankedForms(engine, filters, { count }, 1000),
      window: await rankedFormsWindow(engine, filters, { count }, 2, 3, { key: 'findings', dir: 'desc' }),
      high: await rankedFormsCount(engine, filters, { count, severity: 'high' }),
      depts: await rankedDepartments(engine, filters, { count }),
      deptsOfRule: await rankedDepartments(engine, filters, { count, rule: 'full-marks' }),
      catalogue: await ruleCatalogue(engine, filters, count),
      exported: await formsExport(engine, filters, { count }),
    });
    const counted: Record<string, Awaited<ReturnType<typeof ask>>> = {};
    for (const count of ['open', 'confirmed'] as const) for (const f of FILTERS) counted[`${count} ${JSON.stringify(f)}`] = await ask(count, f);
    expect((await reviewedFindings(engine)).map((f) => f.finding_key)).toEqual(keys);
    expect(await readMarks(engine)).toEqual(marks);

    await engine.exec('CREATE TABLE findings_all AS SELECT * FROM findings');
    try {
      for (const count of ['open', 'confirmed'] as const) {
        const state = count === 'open' ? 'open' : "review_state = 'confirmed'";
        await engine.exec(`CREATE OR REPLACE TABLE kept AS SELECT rule, severity, eval_id, seq, region, department, year, item, field, seqs, related, detail, detail_en
          FROM reviewed_findings WHERE ${state}`);
        await engine.exec('DELETE FROM findings; INSERT INTO findings BY NAME SELECT * FROM kept; DROP TABLE kept');
        for (const t of SCORE_TABLES) await materialise(engine, t);
        await buildViewCache(engine);
        for (const f of FILTERS) expect(await ask('all', f), `${count} ${JSON.stringify(f)}`).toEqual(counted[`${count} ${JSON.stringify(f)}`]);
        await engine.exec('DELETE FROM findings; INSERT INTO findings SELECT * FROM findings_all');
      }
    } finally {
      await engine.exec('DELETE FROM findings; INSERT INTO findings SELECT * FROM findings_all; DROP TABLE findings_all');
      for (const t of SCORE_TABLES) await materialise(engine, t);
      await buildViewCache(engine);
    }
  }, 120_000);
});
