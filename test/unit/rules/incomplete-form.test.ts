import { describe, expect, it } from 'vitest';
import { cleanForm, indicator, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('incomplete-form', () => {
  it('fires on each blank score, blank actual and blank total', async () => {
    const f = cleanForm();
    f.indicators[1].score = null;
    f.indicators[2].actual = null;
    f.form.total_score = null;
    await insertForm(db.e, f);
    const found = await run(db.e, 'incomplete-form');
    expect(found.map((x) => [x.seq, x.field])).toEqual([
      [null, 'total_score'],
      [2, 'score'],
      [3, 'actual'],
    ]);
    expect(found[1].detail).toContain('得分空白');
  });

  it('does not count breakdown lines (其中…) without weight or score under a scored indicator', async () => {
    const f = cleanForm();
    f.indicators.splice(1, 0, indicator(null, null, '其中：线上培训人次', null, null, null, null));
    await insertForm(db.e, f);
    expect(await run(db.e, 'incomplete-form')).toEqual([]);
  });
});
