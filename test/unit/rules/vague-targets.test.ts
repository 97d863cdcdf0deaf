import { describe, expect, it } from 'vitest';
import { cleanForm, indicator, insertForm, run, useEngine } from './fixture';

const db = useEngine();

const vague = (f: ReturnType<typeof cleanForm>, rows: number[], targets: string[]) =>
  rows.forEach((r, i) => {
    const old = f.indicators[r];
    f.indicators[r] = indicator(old.level1, old.level2, old.level3, targets[i], targets[i], old.weight, old.score, old.deviation);
  });

describe('vague-targets', () => {
  it('fires when more than half of the targets are unquantified or vague', async () => {
    const f = cleanForm();
    vague(f, [3, 4, 5, 6], ['有所提升', '效益显著', '持续', '明显改善']);
    f.indicators[7] = indicator('满意度指标', '服务对象满意度指标', '学员满意度', '持续提升至90%', '92%', 10, 10); // a number, but vague
    await insertForm(db.e, f);
    const found = await run(db.e, 'vague-targets');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: f.form.eval_id, field: 'target', seqs: [4, 5, 6, 7, 8] }); // the rows it counts
    expect(found[0].detail).toMatch(/^5\/8 个指标值未量化：/);
    expect(found[0].detail).toContain('有所提升');
  });

  it('is quiet when at most half are vague', async () => {
    const f = cleanForm();
    vague(f, [3, 4, 5, 6], ['有所提升', '效益显著', '持续', '无']);
    await insertForm(db.e, f);
    expect(await run(db.e, 'vague-targets')).toEqual([]);
  });
});
