import { describe, expect, it } from 'vitest';
import { insertSpending, run, useEngine, type SpendingRow } from './fixture';

const db = useEngine();

const line = (item: string, budget: number | null, final: number | null, prior_final: number | null = null): SpendingRow =>
  ({ year: 2023, department: '测试局', item, budget, final, prior_final });

describe('sangong-parts', () => {
  it('fires per column where the parts are reported and do not add up', async () => {
    await insertSpending(
      db.e,
      line('“三公”经费', 4, 5),
      line('1、公务用车购置和维护经费', 1, 1),
      line('其中：公车购置', null, 0.5),
      line('公车运行维护', null, 0.2),
      line('2、出国经费', null, null),
      line('3、公务接待', 3, 3),
    );
    const found = await run(db.e, 'sangong-parts');
    expect(found.map((x) => [x.item, x.field, x.detail])).toEqual([
      ['1、公务用车购置和维护经费', 'final', '本年决算数：公务用车购置和维护经费 1 ≠ 公车购置 0.5 + 公车运行维护 0.2 = 0.7'],
      ['“三公”经费', 'final', '本年决算数：三公经费 5 ≠ 公务用车购置和维护 1 + 出国 空 + 公务接待 3 = 4'],
    ]);
    expect(found[1]).toMatchObject({ eval_id: null, seq: null, year: 2023, department: '测试局' });
  });

  it('does not add up the lines of two regions\' same-named department', async () => {
    const inRegion = (region: string, r: SpendingRow): SpendingRow => ({ ...r, region });
    await insertSpending(
      db.e,
      inRegion('甲县', line('三公经费', 4, 4)), inRegion('甲县', line('公务接待', 4, 4)),
      inRegion('乙县', line('三公经费', 2, 2)), inRegion('乙县', line('公务接待', 2, 2)),
    );
    expect(await run(db.e, 'sangong-parts')).toEqual([]);
  });

  it('is quiet on the seed pattern (blank parts are not reported) and when all parts are blank', async () => {
    await insertSpending(
      db.e,
      line('三公经费', 3.9, 2.02, 2.7),
      line('公务用车购置和维护经费', 0, 0, 0),
      line('公车购置', null, null),
      line('公车运行维护', null, null),
      line('出国经费', null, null),
      line('公务接待', 3.9, 2.02, 2.7),
      { year: 2023, department: '空白局', item: '三公经费', budget: 5, final: 4 },
    );
    expect(await run(db.e, 'sangong-parts')).toEqual([]);
  });
});
