import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('score-bounds', () => {
  it('fires on a score above its weight and on a negative score', async () => {
    const f = cleanForm();
    f.indicators[0].score = 16; // weight 15
    f.indicators[1].score = -1;
    await insertForm(db.e, f);
    const found = await run(db.e, 'score-bounds');
    expect(found.map((x) => [x.seq, x.field])).toEqual([[1, 'score'], [2, 'score']]);
    expect(found[0].detail).toContain('得分 16 > 分值 15');
    expect(found[1].detail).toContain('得分 -1 < 0');
  });

  it('is quiet when scores lie between 0 and the weight', async () => {
    const f = cleanForm();
    f.indicators[0].score = 0;
    await insertForm(db.e, f);
    expect(await run(db.e, 'score-bounds')).toEqual([]);
  });
});
