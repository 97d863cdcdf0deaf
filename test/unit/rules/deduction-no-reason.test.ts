import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('deduction-no-reason', () => {
  it('fires on a deduction with a blank or placeholder reason', async () => {
    const f = cleanForm();
    f.indicators[2].deviation = ' 无偏差。';
    f.indicators[0].score = 14;
    await insertForm(db.e, f);
    const found = await run(db.e, 'deduction-no-reason');
    expect(found.map((x) => [x.seq, x.field])).toEqual([[1, 'deviation'], [3, 'deviation']]);
    expect(found[0].detail).toContain('得分 14 < 分值 15，偏差原因空白');
    expect(found[1].detail).toContain('仅写「无偏差。」'); // ingest trims the cell
  });

  it('is quiet when the deduction is explained', async () => {
    await insertForm(db.e, cleanForm());
    expect(await run(db.e, 'deduction-no-reason')).toEqual([]);
  });
});
