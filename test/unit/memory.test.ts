// Running out of memory is told in words (format/memory.ts): recognised from DuckDB's own error and
// the browser's allocation failures, explained with what to do, and without DuckDB's advice
// (SET temp_directory / memory_limit) that the page cannot follow. Any other message is unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainFailure, isOutOfMemory } from '../../src/format/memory';

/** DuckDB-WASM 1.32's message when a query passes its memory limit (as measured in Chromium). */
const DUCKDB_OOM = `Out of Memory Error: failed to allocate data of size 64.0 MiB (3.1 GiB/3.1 GiB used)
Database is launched in in-memory mode and no temporary directory is specified.
Unused blocks cannot be offloaded to disk.

Launch the database with a persistent storage back-end
Or set SET temp_directory='/path/to/tmp.tmp'`;

describe('out of memory', () => {
  it.each([
    DUCKDB_OOM,
    'Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)',
    'RangeError: Array buffer allocation failed',
    'RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded',
    'std::bad_alloc',
  ])('recognises %s', (message) => {
    expect(isOutOfMemory(message)).toBe(true);
  });

  it('says what happened and what to do, in Chinese and in English, without DuckDB’s advice', () => {
    const zh = explainFailure(DUCKDB_OOM, 'zh');
    expect(zh).toContain('内存不足');
    expect(zh).toContain('（上限 3.1 GiB）');
    expect(zh).toContain('已经载入的数据没有丢失');
    expect(zh).toMatch(/少载入几个年度.*\?dataset=.*--engine native/s);
    expect(zh).toContain('Out of Memory Error: failed to allocate data of size 64.0 MiB (3.1 GiB/3.1 GiB used)');
    expect(zh).not.toMatch(/temp_directory|memory_limit|persistent storage/);
    const en = explainFailure(DUCKDB_OOM, 'en');
    expect(en).toMatch(/^Out of memory: .*\(limit 3\.1 GiB\)/);
    expect(en).toMatch(/fewer years.*\?dataset=.*--engine native/s);
    expect(en).not.toMatch(/temp_directory/);
    // without the sizes, no limit is made up
    expect(explainFailure('std::bad_alloc', 'zh')).not.toContain('上限');
  });

  it('leaves every other message as it is', () => {
    for (const m of ['Binder Error: Referenced column "nope" not found', 'Permission Error: Cannot access file "http://x/y.csv"', 'Conversion Error: Could not convert string']) {
      expect(explainFailure(m, 'zh')).toBe(m);
    }
    fc.assert(
      fc.property(fc.string(), (m) => {
        fc.pre(!isOutOfMemory(m));
        expect(explainFailure(m, 'zh')).toBe(m);
        expect(explainFailure(m, 'en')).toBe(m);
      }),
    );
  });
});
