// StatementCache (src/db/engine.ts) on real DuckDB-WASM in Node: a kept statement answers as a fresh
// one would after the tables it reads change (a drop and re-create, a load, a column's type), a
// failing one is never kept, the least recently used goes past the limit, and close frees them all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatementCache } from '../../src/db/engine';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';

describe('StatementCache', () => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await openNodeEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  const total = async (k: number) => (await engine.query<{ n: unknown }>('SELECT SUM(v) AS n FROM t WHERE k = ?', [k]))[0].n;

  it('answers from the tables as they are now after a drop, a re-create and a load', async () => {
    await engine.exec('CREATE TABLE t (k INTEGER, v DECIMAL(18,4)); INSERT INTO t VALUES (1, 1.5), (1, 2.25), (2, 7)');
    expect(String(await total(1))).toBe('3.75');
    await engine.exec('INSERT INTO t VALUES (1, 10)');
    expect(String(await total(1))).toBe('13.75');
    await engine.exec('DROP TABLE t; CREATE TABLE t (k INTEGER, v DECIMAL(18,4)); INSERT INTO t VALUES (1, 0.1)');
    expect(String(await total(1))).toBe('0.1');
    await engine.exec('DROP TABLE t; CREATE TABLE t (k INTEGER, v BIGINT); INSERT INTO t VALUES (1, 5), (1, 6)');
    expect(String(await total(1))).toBe('11');
    await engine.exec('DROP TABLE t');
    await expect(total(1)).rejects.toThrow(/t/);
    await engine.exec('CREATE TABLE t (k INTEGER, v INTEGER); INSERT INTO t VALUES (2, 4)');
    expect(await total(1)).toBeNull();
    expect(String(await total(2))).toBe('4');
  });

  type Fake = { sql: string; closed: boolean; close(): void };
  const fakes = () => {
    const made: Fake[] = [];
    const cache = new StatementCache<Fake>((sql) => {
      const s: Fake = { sql, closed: false, close() { this.closed = true; } };
      made.push(s);
      return s;
    });
    return { made, cache };
  };

  it('prepares each SQL once, keeps at most 128 and closes the least recently used', async () => {
    const { made, cache } = fakes();
    for (let i = 0; i < 3; i++) expect(await cache.run('a', (s) => s.sql)).toBe('a');
    expect(made.length).toBe(1);
    for (let i = 0; i < 128; i++) await cache.run(`q${i}`, () => 0);
    expect(cache.size).toBe(128);
    expect(made[0].closed).toBe(true); // 'a' was the oldest
    await cache.run('q0', () => 0); // q0 is now the most recent: q1 goes next
    await cache.run('new', () => 0);
    expect(made.find((s) => s.sql === 'q1')!.closed).toBe(true);
    expect(made.find((s) => s.sql === 'q0')!.closed).toBe(false);
    await cache.clear();
    expect(cache.size).toBe(0);
    expect(made.every((s) => s.closed)).toBe(true);
  });

  it('never keeps a statement that failed, and prepares a failing kept one afresh once', async () => {
    const { made, cache } = fakes();
    let fail = 0;
    const use = (s: Fake) => {
      if (fail-- > 0) throw new Error(`boom ${s.sql}`);
      return made.indexOf(s);
    };
    expect(await cache.run('x', use)).toBe(0);
    fail = 1; // the kept one fails, a fresh one answers
    expect(await cache.run('x', use)).toBe(1);
    expect(made[0].closed).toBe(true);
    fail = 2; // both fail: the error is the fresh one's, and nothing is kept
    await expect(cache.run('x', use)).rejects.toThrow('boom x');
    expect(cache.size).toBe(0);
    expect(made.slice(0, 3).every((s) => s.closed)).toBe(true);
    const prepareFails = new StatementCache<Fake>(() => { throw new Error('syntax'); });
    await expect(prepareFails.run('bad', () => 1)).rejects.toThrow('syntax');
    expect(prepareFails.size).toBe(0);
  });

  it('closes the kept statements when the connection closes', async () => {
    await engine.exec('CREATE TABLE t (k INTEGER, v INTEGER); INSERT INTO t VALUES (1, 2)');
    const other = await engine.connect();
    expect((await other.query<{ n: number }>('SELECT v AS n FROM t WHERE k = ?', [1]))[0].n).toBe(2);
    await other.close();
    expect(String(await total(1))).toBe('2');
  });
});
