import { describe, expect, it } from 'vitest';
import { cleanForm, indicator, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('overachieved-no-note', () => {
  it('fires when the actual is at least 1.3 × the target and nothing is said', async () => {
    const f = cleanForm();
    f.indicators[0] = indicator('产出指标', '数量指标', '培训人次', '≥200人次', '300人次', 15, 15, '/');
    await insertForm(db.e, f);
    const found = await run(db.e, 'overachieved-no-note');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ seq: 1, field: 'actual' });
    expect(found[0].detail).toContain('为目标的 1.5 倍');
  });

  it('is quiet below the ratio, with a note, or for a ceiling target', async () => {
    const f = cleanForm();
    f.indicators[0] = indicator('产出指标', '数量指标', '培训人次', '≥200人次', '250人次', 15, 15);
    f.indicators[1] = indicator(null, '数量指标', '宣传场次', '≥10场', '20场', 15, 15, '新增线上场次，下年目标相应调高');
    f.indicators[3] = indicator('成本指标', '经济成本指标', '人均成本', '≤100元', '200元', 10, 10);
    await insertForm(db.e, f);
    expect(await run(db.e, 'overachieved-no-note')).toEqual([]);
  });
});
