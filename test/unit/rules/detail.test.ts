// Finding details in both languages (../../../src/analysis/rules/detail.ts): the English detail of
// every finding on the real seed and the generated sample holds no Chinese but what the data itself
// says. Checked in two parts, each able to fail (the last test shows both failing on a bad rule):
//  1. the templates' own words: every detail rendered with its plain arguments masked (⟨name⟩);
//  2. the arguments: every Chinese a rule's query returns as an argument is a text of the loaded data
//     (or its clipped start, or a department's region + name) — no template word smuggled into SQL.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFindings } from '../../../src/analysis/findings';
import { prepareTables } from '../../../src/analysis/prepare';
import { detailArgs, detailSql, type Detail } from '../../../src/analysis/rules/detail';
import { RULES } from '../../../src/analysis/rules/index';
import { defaultsOf, defineRule, type Rule } from '../../../src/analysis/rules/rule';
import type { Engine } from '../../../src/db/engine';
import { openNodeEngine } from '../../../src/db/node';
import { sql } from '../../../src/db/sql';
import { loadFiles, type InputFile } from '../../../src/ingest/load';

/** Han characters and the CJK (full-width) punctuation a Chinese template writes: 「」（），；、 */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

function files(dir: string, ext: string, origin: 'real' | 'sample'): InputFile[] {
  const abs = path.resolve(__dirname, '../../../data', dir);
  return fs.readdirSync(abs).filter((f) => f.endsWith(ext)).sort()
    .map((f) => ({ name: `${dir}/${f}`, bytes: new Uint8Array(fs.readFileSync(path.join(abs, f))), origin }));
}

/** The texts of the loaded data an argument may quote: every text cell, and each department's region + name. */
async function dataTexts(e: Engine): Promise<Set<string>> {
  const rows = await e.query<{ t: string }>(`
    SELECT DISTINCT t FROM (
      SELECT unnest(list_value(project, department, region, goal_target, goal_actual, eval_id, region || department)) AS t FROM evaluations
      UNION ALL SELECT unnest(list_value(level3, target, actual, deviation)) FROM indicators
      UNION ALL SELECT unnest(list_value(item, department, region, region || department)) FROM spending
    ) WHERE t IS NOT NULL`);
  return new Set(rows.map((r) => r.t));
}

/** The plain (quoted) values among a rule's arguments: choice keys are not shown, lists and structs are opened. */
function shownValues(detail: Detail, row: Record<string, unknown>): string[] {
  const out: string[] = [];
  const open = (v: unknown) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach(open);
    else if (typeof v === 'object') Object.values(v as object).forEach(open);
    else out.push(String(v));
  };
  for (const a of new Set([...detailArgs(detail, 'zh'), ...detailArgs(detail, 'en')])) if (!detail.choices?.[a]) open(row[a]);
  return out;
}

/**
 * A shown value is data when it is a data text, or the start of one cut by clip() ('…'). The
 * satisfaction results of a department's forms are joined by ；, as the data lists them.
 */
function fromData(value: string, texts: Set<string>, starts: Set<string>): boolean {
  if (!CJK.test(value)) return true;
  if (texts.has(value)) return true;
  if (value.endsWith('…') && starts.has(value.slice(0, -1))) return true;
  const parts = value.replace(/…$/, '').split('；');
  return parts.length > 1 && parts.every((p, i) => texts.has(p) || (i === parts.length - 1 && starts.has(p)));
}

/** What a check of `rules` on `e` finds wrong: English template words in Chinese, and Chinese arguments not from the data. */
async function problems(e: Engine, rules: readonly Rule[]): Promise<string[]> {
  const texts = await dataTexts(e);
  const starts = new Set<string>();
  for (const t of texts) for (let n = 1; n < t.length; n++) starts.add(t.slice(0, n));
  const out: string[] = [];
  for (const r of rules) {
    const q = r.query(defaultsOf(r.settings));
    const masked = await e.query<{ m: string }>(`SELECT DISTINCT ${detailSql(r.detail, 'en', 'r', true)} AS m FROM (${q.sql}) AS r`, q.params);
    for (const { m } of masked) if (CJK.test(m)) out.push(`${r.id}: template words in English: ${m}`);
    const rows = await e.query<Record<string, unknown>>(`SELECT * FROM (${q.sql}) AS r`, q.params);
    for (const row of rows) for (const v of shownValues(r.detail, row)) if (!fromData(v, texts, starts)) out.push(`${r.id}: argument not from the data: ${v}`);
  }
  return out;
}

describe.each([
  ['data/seed', () => files('seed', '.csv', 'real')],
  ['data/sample', () => files('sample', '.parquet', 'sample')],
] as const)('English details on %s', (_name, input) => {
  let e: Engine;
  beforeAll(async () => {
    e = await openNodeEngine();
    await loadFiles(e, input());
    expect(await writeFindings(e)).toEqual([]);
  }, 600_000);
  afterAll(async () => {
    await e?.close();
  });

  it('have no Chinese but the data\'s own texts, for every rule that fires', async () => {
    expect(await problems(e, RULES)).toEqual([]);
    const rows = await e.query<{ rule: string; detail: string; detail_en: string }>(`SELECT rule, detail, detail_en FROM findings`);
    expect(rows.length).toBeGreaterThan(0);
    for (const f of rows) {
      expect(f.detail_en, f.rule).toBeTruthy();
      expect(f.detail_en, f.rule).not.toBe(f.detail);
    }
  }, 600_000);
});

describe('the check', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await openNodeEngine();
    await loadFiles(e, files('seed', '.csv', 'real'));
    await prepareTables(e, RULES.map((r) => r.sql));
  }, 600_000);
  afterAll(async () => {
    await e?.close();
  });

  it('fails on Chinese left in an English template, and on a template word passed as an argument', async () => {
    const bad = defineRule({
      ...RULES[0], id: 'bad',
      detail: { zh: '{label}：{project}', en: '{label} 等: {project}' },
      query: () => sql`SELECT 'project' AS field, '部门整体' AS label, project FROM evaluations LIMIT 1`,
    });
    const found = await problems(e, [bad]);
    expect(found.some((p) => p.startsWith('bad: template words in English'))).toBe(true);
    expect(found).toContain('bad: argument not from the data: 部门整体');
    expect(found.filter((p) => p.includes('argument')).length).toBe(1); // the project name is data
  });
});
