import { describe, expect, it } from 'vitest';
import { cleanForm, indicator, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('shortfall-full-marks', () => {
  it('fires on a missed quantified target scored at its weight (cost: a bare x is a ceiling)', async () => {
    const f = cleanForm();
    f.indicators[1] = indicator(null, '质量指标', '验收合格率', '≥95%', '90%', 15, 15);
    f.indicators[3] = indicator('成本指标', '经济成本指标', '项目总成本', '100万元', '103万元', 10, 10);
    await insertForm(db.e, f);
    const found = await run(db.e, 'shortfall-full-marks');
    expect(found.map((x) => [x.seq, x.field])).toEqual([[2, 'score'], [4, 'score']]);
    expect(found[0].detail).toBe('「验收合格率」目标 ≥95%，实际 90%，未达标仍得满分 15');
  });

  it('reads a level left blank under a merged cell as the one above, spaces only included', async () => {
    const f = cleanForm();
    // Every level written out, as ingest leaves them, but for one cell of spaces under 成本指标.
    let above = '';
    for (const i of f.indicators) above = i.level1 ??= above;
    f.indicators[3] = indicator('成本指标', '经济成本指标', '项目总成本', '100万元', '98万元', 10, 10);
    // Under 成本指标 a bare x is a ceiling: over it, at full marks, is a shortfall.
    f.indicators.splice(4, 0, indicator('\u3000 ', '经济成本指标', '设备采购成本', '20万元', '23万元', 5, 5));
    await insertForm(db.e, f);
    expect((await run(db.e, 'shortfall-full-marks')).map((x) => x.seq)).toEqual([5]);
  });

  it('is quiet when the target is met, points were deducted, or the units differ', async () => {
    const f = cleanForm();
    f.indicators[0] = indicator('产出指标', '数量指标', '培训人次', '≥200人次', '190人', 15, 15);
    f.indicators[1] = indicator(null, '质量指标', '验收合格率', '≥95%', '90%', 15, 12, '两批次返工，已整改');
    f.indicators[3] = indicator('成本指标', '经济成本指标', '项目总成本', '100万元', '98万元', 10, 10);
    await insertForm(db.e, f);
    expect(await run(db.e, 'shortfall-full-marks')).toEqual([]);
  });
});
