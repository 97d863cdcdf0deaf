// The provenance line of the summaries: every file whose rows are loaded is named or counted under
// its origin, files refused or replaced are not, the load times are said, and sample data is never
// among the loaded without a mark — on a real load report (the seed, and the seed again as sample
// data) and on generated file lists.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { dateTime, NAMED_FILES, provenance, type ProvenanceFile } from '../../src/format/provenance';
import { loadedFileAccounts, loadFiles } from '../../src/ingest/load';
import { readInputFiles } from '../../src/ingest/node';
import type { Origin } from '../../src/ingest/types';
import { bundledFromDisk } from '../e2e/bundled';

const at = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).toISOString();
const LOADED = new Map([[1, at(2026, 12, 2, 4, 30)], [2, at(2026, 12, 2, 5, 5)]]);

describe('provenance', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openNodeEngine();
  });
  afterAll(() => engine?.close());

  it('names the files of a real load report under their origin, with the load time', async () => {
    const seed = bundledFromDisk().filter((f) => f.origin === 'real');
    await loadFiles(engine, seed);
    const files = await loadedFileAccounts(engine);
    const p = provenance({ files, loadedAt: LOADED }, 'zh');
    expect(p.empty).toBe(false);
    expect(p.origins).toEqual(['real']);
    expect(p.mark).toBeNull();
    expect(seed.map((f) => f.name)).toEqual(['seed/evaluations.csv', 'seed/indicators.csv', 'seed/spending.csv', 'seed/staffing.csv']);
    expect(p.line).toBe('数据来源：真实数据 4 个文件（seed/evaluations.csv、seed/indicators.csv、seed/spending.csv 等），载入于 2026-12-02 04:30');
    expect(provenance({ files, loadedAt: LOADED }, 'en').line).toBe('Data: Real data, 4 files (seed/evaluations.csv, seed/indicators.csv, seed/spending.csv and more), loaded 2026-12-02 04:30');

    // The same forms again as sample data, in a second load: they replace the seed's rows, so only the
    // files still holding rows are named — and they are sample data alone, which is marked.
    await loadFiles(engine, seed.map((f) => ({ ...f, name: f.name.replace('seed/', 'copy/'), origin: 'sample' as const })));
    const again = await loadedFileAccounts(engine);
    const replaced = again.filter((f) => f.origin === 'real' && f.rowsPresent === 0).map((f) => f.file);
    expect(replaced.length).toBeGreaterThan(0);
    const q = provenance({ files: again, loadedAt: LOADED }, 'zh');
    for (const f of replaced) expect(q.line).not.toContain(f);
    expect(q.line).toContain('示例数据');
    expect(q.line).toContain('载入于 2026-12-02 05:05');
    const stillReal = again.some((f) => f.origin === 'real' && f.rowsPresent > 0);
    expect(q.mark?.kind).toBe(stillReal ? 'mixed' : 'sampleOnly');
  });

  it('says so when nothing is loaded, and names the dataset it opened', () => {
    expect(provenance({ files: [], loadedAt: new Map() }, 'zh')).toEqual({ empty: true, origins: [], line: '尚未载入数据。', mark: null });
    const files = [{ file: 'evaluations/year=2023/a.parquet', origin: 'sample' as const, loadId: 1, rowsPresent: 10 }];
    const p = provenance({ files, loadedAt: new Map(), dataset: { url: '/datasets/county', created: at(2026, 11, 30, 9, 0), opened: at(2026, 12, 2, 4, 0) } }, 'zh');
    expect(p.line).toBe('数据来源：数据集 /datasets/county（生成于 2026-11-30 09:00，打开于 2026-12-02 04:00）；示例数据 1 个文件（evaluations/year=2023/a.parquet）');
    expect(p.mark?.text).toContain('示例数据');
  });

  it('writes date-times as YYYY-MM-DD HH:mm in local time', () => {
    expect(dateTime(at(2024, 1, 5, 7, 3))).toBe('2024-01-05 07:03');
    expect(dateTime('not a time')).toBe('not a time');
  });

  it('names or counts every file holding rows, once, and marks sample data among them', () => {
    const origin = fc.constantFrom<Origin>('real', 'sample', 'own');
    const part = fc.record({ file: fc.constantFrom('a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv', 'f/g.csv'), origin, loadId: fc.constantFrom(1, 2), rowsPresent: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), fc.constantFrom('zh' as const, 'en' as const), (parts, lang) => {
        // A file has one origin (it is loaded once, from one place): the first part's.
        const originOf = new Map<string, Origin>();
        const files: ProvenanceFile[] = parts.map((p) => ({ ...p, origin: originOf.get(p.file) ?? (originOf.set(p.file, p.origin), p.origin) }));
        const holding = [...new Set(files.filter((f) => f.rowsPresent > 0).map((f) => f.file))];
        const p = provenance({ files, loadedAt: LOADED }, lang);
        expect(p.empty).toBe(holding.length === 0);
        const origins = new Set(holding.map((f) => originOf.get(f)!));
        expect(new Set(p.origins)).toEqual(origins);
        expect(p.mark?.kind ?? null).toBe(!origins.has('sample') ? null : origins.size > 1 ? 'mixed' : 'sampleOnly');
        for (const o of origins) {
          const mine = holding.filter((f) => originOf.get(f) === o);
          const named = mine.filter((f) => p.line.includes(f.includes('/') ? f : `${f}`));
          expect(named.length).toBe(Math.min(mine.length, NAMED_FILES));
          expect(p.line).toContain(lang === 'zh' ? `${mine.length} 个文件` : mine.length === 1 ? '1 file' : `${mine.length} files`);
        }
        for (const f of new Set(files.map((x) => x.file))) if (!holding.includes(f)) expect(p.line).not.toContain(f);
        if (!p.empty) expect(p.line).toMatch(lang === 'zh' ? /载入于 2026-12-02 (04:30|05:05)/ : /loaded 2026-12-02/);
      }),
    );
  });

  it('takes files read from a generated folder (truth.csv beside them) for sample data, others for the user\'s own', () => {
    const origins = (paths: string[], origin?: Origin) => [...new Set(readInputFiles(paths, origin).map((f) => f.origin))];
    expect(origins(['data/sample/evaluations.parquet', 'data/sample/indicators.csv'])).toEqual(['sample']);
    expect(origins(['data/seed'])).toEqual(['own']);
    expect(origins(['data/sample'], 'own')).toEqual(['own']); // said on the command line, it wins
  });
});
