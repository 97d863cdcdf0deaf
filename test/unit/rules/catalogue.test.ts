import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { BOILERPLATE_POINTS, RULES, SETTINGS, collectSettings, rulesReading } from '../../../src/analysis/rules/index';
import { PLACE_COLUMNS, REQUIRED_COLUMNS, defaultsOf, defineRule, numberSetting, type NumberSetting, type Rule, type SettingValues } from '../../../src/analysis/rules/rule';
import { listParam } from '../../../src/analysis/rules/sql';
import { detailArgs } from '../../../src/analysis/rules/detail';
import { DEFAULT_SETTINGS } from '../../../src/analysis/settings';
import { runRules, ruleHits } from '../../../src/analysis/findings';
import { prepareTables } from '../../../src/analysis/prepare';
import { sql } from '../../../src/db/sql';
import { cleanForm, insertForm, insertSpending, useEngine } from './fixture';

const RULE_DIR = path.resolve(__dirname, '../../../src/analysis/rules');

/** Every module of the rule folder whose default export is a rule: the folder, not a list, says what the rules are. */
async function rulesInFolder(): Promise<{ file: string; rule: Rule }[]> {
  const out: { file: string; rule: Rule }[] = [];
  for (const file of fs.readdirSync(RULE_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(path.join(RULE_DIR, file))) as { default?: Partial<Rule> };
    if (mod.default && typeof mod.default.query === 'function' && typeof mod.default.id === 'string') out.push({ file, rule: mod.default as Rule });
  }
  return out;
}

/** A value other than the default, as a user might set it. */
function changed(v: number | readonly string[]): number | readonly string[] {
  return typeof v === 'number' ? v + 0.375 : ['甲乙丙丁'];
}

const db = useEngine();

describe('rule catalogue', () => {
  it('lists every rule file of the folder exactly once, each named after its id, each with its own test', async () => {
    const found = await rulesInFolder();
    expect(found.length).toBeGreaterThan(20);
    for (const { file, rule } of found) {
      expect(file, rule.id).toBe(`${rule.id}.ts`);
      expect(RULES, rule.id).toContain(rule);
      expect(fs.existsSync(path.join(__dirname, `${rule.id}.test.ts`)), `test/unit/rules/${rule.id}.test.ts`).toBe(true);
    }
    expect(RULES.length).toBe(found.length);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('documents every rule in both languages', () => {
    for (const r of RULES) {
      const s = defaultsOf(r.settings);
      const texts = { titleZh: r.titleZh, titleEn: r.titleEn, whyZh: r.whyZh, whyEn: r.whyEn, conditionZh: r.conditionZh(s), conditionEn: r.conditionEn(s) };
      for (const [k, text] of Object.entries(texts)) expect(text.trim().length, `${r.id}.${k}`).toBeGreaterThan(k.startsWith('title') ? 3 : 10);
      expect(r.whyZh, r.id).toMatch(/[\u4e00-\u9fff]/);
      expect(['high', 'medium', 'low', 'info']).toContain(r.severity);
      expect(['form', 'indicator', 'department', 'spending']).toContain(r.target);
    }
  });

  it('every rule returns place columns by name (the runner pads the rest), with field, and exactly the arguments of its detail', async () => {
    await prepareTables(db.e, RULES.map((r) => r.sql));
    for (const r of RULES) {
      const q = r.query(defaultsOf(r.settings));
      const ipc = await db.e.queryIPC(`SELECT * FROM (${q.sql}) AS r LIMIT 0`, q.params);
      const names = tableFromIPC(ipc).schema.fields.map((f) => f.name);
      const args = detailArgs(r.detail, 'zh');
      // The two languages say the same things: their templates name the same arguments.
      expect(detailArgs(r.detail, 'en'), r.id).toEqual(args);
      // Every column is a place or an argument, and every argument is a column (a place may be one too).
      expect(names.filter((n) => !(PLACE_COLUMNS as readonly string[]).includes(n) && !args.includes(n)), `${r.id}: columns no template reads`).toEqual([]);
      expect(args.filter((a) => !names.includes(a)), `${r.id}: arguments the query does not return`).toEqual([]);
      for (const c of REQUIRED_COLUMNS) expect(names, r.id).toContain(c);
      expect(new Set(names).size, r.id).toBe(names.length);
      expect(names, `${r.id}: detail is rendered by the runner`).not.toContain('detail');
    }
  });

  it('a rule\'s parameters are its settings, and it reads every setting it declares', () => {
    for (const r of RULES) {
      const s = defaultsOf(r.settings);
      const asParam = (v: number | readonly string[]) => (typeof v === 'number' ? v : listParam(v));
      const settingParams = Object.values(s).map(asParam);
      // No SQL text passed as a value by mistake: every parameter is one of the rule's settings.
      for (const p of r.query(s).params) expect(settingParams, `${r.id}: parameter ${String(p)}`).toContain(p);
      for (const [name, v] of Object.entries(s)) {
        const other = changed(v);
        expect(r.query({ ...s, [name]: other } as SettingValues<typeof r.settings>).params, `${r.id} reads ${name}`).toContain(asParam(other));
      }
      // The text is the same for any settings: only the values move.
      const all = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, changed(v)]));
      expect(r.query(all as SettingValues<typeof r.settings>).sql, r.id).toBe(r.sql);
    }
  });

  it('a rule\'s condition shows each of its settings at the value in force, in both languages', () => {
    for (const r of RULES) {
      const s = defaultsOf(r.settings);
      for (const [name, v] of Object.entries(s)) {
        const other = { ...s, [name]: changed(v) } as SettingValues<typeof r.settings>;
        expect(r.conditionZh(other), `${r.id}.conditionZh follows ${name}`).not.toBe(r.conditionZh(s));
        expect(r.conditionEn(other), `${r.id}.conditionEn follows ${name}`).not.toBe(r.conditionEn(s));
        if (typeof v !== 'number') {
          expect(r.conditionZh(other)).toContain('甲乙丙丁');
          expect(r.conditionEn(other)).toContain('甲乙丙丁');
        }
      }
    }
  });

  it('derives the settings and the points table from the rules', () => {
    expect(Object.keys(DEFAULT_SETTINGS)).toEqual([...SETTINGS.keys()]);
    for (const [name, setting] of SETTINGS) {
      expect(rulesReading(name).length, name).toBeGreaterThan(0);
      for (const r of rulesReading(name)) expect(r.settings[name], `${r.id}.${name}`).toBe(setting);
      expect(setting.zh, name).toMatch(/[\u4e00-\u9fff]/);
      expect(setting.en.length, name).toBeGreaterThan(5);
    }
    for (const r of RULES) {
      expect(Number.isInteger(r.points) && r.points >= 0, r.id).toBe(true);
      expect(BOILERPLATE_POINTS[r.id] ?? 0, r.id).toBe(r.points);
      // 附件1 money is not a template signal; every form rule counts toward the score.
      expect(r.points > 0, r.id).toBe(r.target !== 'spending');
    }
  });

  it('refuses two different settings of one name', () => {
    const reading = (id: string, x: NumberSetting) =>
      defineRule({
        id, severity: 'low', titleZh: '测试规则', titleEn: 'Test rule', whyZh: '测试', whyEn: 'test', fixZh: '请改正', fixEn: 'Correct it', target: 'form', points: 1, cells: {},
        settings: { x },
        conditionZh: (s) => `x > ${s.x}`,
        conditionEn: (s) => `x > ${s.x}`,
        detail: { zh: '', en: '' },
        query: (s) => sql`SELECT ${s.x} AS field`,
      });
    const a = reading('a', numberSetting(1, '甲', 'x'));
    const b = reading('b', numberSetting(2, '乙', 'x'));
    expect(() => collectSettings([a, b])).toThrow(/setting x of rule b/);
    expect([...collectSettings([a, a]).keys()]).toEqual(['x']);
  });

  it('a careful department fires no rule at all', async () => {
    const forms = [2023, 2024].flatMap((year) => [
      cleanForm({ year, project: null, variant: 3 }),
      cleanForm({ year, project: '培训项目', variant: 0 }),
      cleanForm({ year, project: '宣传项目', variant: 1 }),
      cleanForm({ year, project: '信息化项目', variant: 2 }),
    ]);
    await insertForm(db.e, ...forms);
    await insertSpending(
      db.e,
      { year: 2023, department: '测试局', item: '三公经费', prior_final: 3, budget: 3, final: 2.5 },
      { year: 2023, department: '测试局', item: '公务用车购置和维护经费', prior_final: 1, budget: 1, final: 1 },
      { year: 2023, department: '测试局', item: '公务接待', prior_final: 2, budget: 2, final: 1.5 },
      { year: 2023, department: '测试局', item: '培训项目', parent: '项目支出', prior_final: 90, budget: 100, final: 100 },
    );
    const findings = await runRules(db.e);
    expect(findings).toEqual([]);
    expect(Object.values(ruleHits(findings)).every((n) => n === 0)).toBe(true);
    expect(Object.keys(ruleHits(findings))).toEqual(RULES.map((r) => r.id));
  });

  it('rejects an unknown rule id', async () => {
    await expect(runRules(db.e, undefined, ['no-such-rule'])).rejects.toThrow(/unknown rule/);
  });
});
