import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('year-copy', () => {
  it('fires when a project repeats last year\'s rows (in any order)', async () => {
    const last = cleanForm({ year: 2023 });
    const now = cleanForm({ year: 2024 });
    now.indicators = last.indicators.map((i) => ({ ...i })).reverse();
    await insertForm(db.e, last, now);
    const found = await run(db.e, 'year-copy');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: now.form.eval_id, year: 2024, field: 'actual' });
    // it names every row, and the form it was copied from
    expect(found[0].seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(found[0].related).toEqual([last.form.eval_id]);
    expect(found[0].detail).toContain('与 2023 年同项目自评表');
  });

  it('does not compare with last year\'s form of the same-named department in another region', async () => {
    const last = cleanForm({ region: '甲县', year: 2023 });
    const now = cleanForm({ region: '乙县', year: 2024 });
    now.indicators = last.indicators.map((i) => ({ ...i }));
    await insertForm(db.e, last, now);
    expect(await run(db.e, 'year-copy')).toEqual([]);
  });

  it('is quiet when this year\'s actuals differ', async () => {
    await insertForm(db.e, cleanForm({ year: 2023 }), cleanForm({ year: 2024 }));
    expect(await run(db.e, 'year-copy')).toEqual([]);
  });
});
