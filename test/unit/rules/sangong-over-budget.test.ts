import { describe, expect, it } from 'vitest';
import { insertSpending, run, useEngine } from './fixture';

const db = useEngine();

describe('sangong-over-budget', () => {
  it('fires when 三公 final exceeds its budget', async () => {
    await insertSpending(db.e, { year: 2023, department: '测试局', item: '“三公”经费', budget: 4, final: 5 });
    const found = await run(db.e, 'sangong-over-budget');
    expect(found).toEqual([
      expect.objectContaining({ item: '“三公”经费', field: 'final', detail: '三公经费 本年决算数 5 > 本年预算数 4（超 25%）' }),
    ]);
  });

  it('is quiet within budget, and for other lines over budget', async () => {
    await insertSpending(
      db.e,
      { year: 2023, department: '测试局', item: '三公经费', budget: 3.9, final: 3.9 },
      { year: 2023, department: '测试局', item: '公用经费', budget: 10, final: 20 },
    );
    expect(await run(db.e, 'sangong-over-budget')).toEqual([]);
  });
});
