// The SQL workbench core against real DuckDB-WASM holding the real seed: rule examples run as the
// rules do, the row cap, and the write policy (the app's own tables stay read-only).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { RULES } from '../../src/analysis/rules/index';
import { DEFAULT_SETTINGS } from '../../src/analysis/settings';
import { exampleQueries, ruleExampleSql } from '../../src/analysis/workbench/examples';
import { leadingKeyword, lexSql, splitStatements } from '../../src/analysis/workbench/lexer';
import { inlineParams, sqlLiteral } from '../../src/analysis/workbench/literals';
import { CancelledError, exportIPC, exportRows, runWorkbench, wrapQuery } from '../../src/analysis/workbench/run';
import { columnNote, describeSchema, USER_TABLES } from '../../src/analysis/workbench/schema';
import { SCHEMA_NOTES } from '../../src/format/words/schema';
import { APP_MACROS, APP_TABLES, RefusedError } from '../../src/analysis/workbench/write-policy';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import { readInputFiles } from '../../src/ingest/node';
import { readParquetTable, writeParquetFromIPC } from '../../src/ingest/parquet';

let engine: Engine;

/** Row count and an order-free hash of every app table: what "intact" means. */
async function appState(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of APP_TABLES) {
    const [r] = await engine.query<{ n: number; h: string }>(`SELECT count(*) AS n, CAST(sum(hash(t)::HUGEINT) AS VARCHAR) AS h FROM ${t} AS t`);
    out[t] = `${r.n}:${r.h}`;
  }
  out.columns = JSON.stringify(await engine.query(`SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY ALL`));
  return out;
}

beforeAll(async () => {
  engine = await openNodeEngine();
  await loadFiles(engine, readInputFiles(['data/seed']));
  await analyse(engine);
});

afterAll(async () => {
  await engine?.close();
});

describe('lexing', () => {
  it('splits statements outside strings, identifiers and comments', () => {
    expect(splitStatements(`SELECT ';'; -- a ; comment\nSELECT "x;y" FROM t /* ; */;;  `)).toEqual([
      `SELECT ';'`,
      `-- a ; comment\nSELECT "x;y" FROM t /* ; */`,
    ]);
    expect(splitStatements(' -- only a comment\n ; ')).toEqual([]);
    expect(leadingKeyword('/* c */ -- d\n  with a as (select 1) select * from a')).toBe('WITH');
    expect(leadingKeyword('(SELECT 1)')).toBe('(');
  });

  it('writes parameters as literals: numbers as numbers, strings quoted with quotes doubled', () => {
    expect(sqlLiteral(5)).toBe('5');
    expect(sqlLiteral(0.05)).toBe('0.05::DOUBLE');
    expect(sqlLiteral(-1)).toBe('(-1)');
    expect(sqlLiteral("it's")).toBe(`'it''s'`);
    expect(sqlLiteral('a\u001fb')).toBe(`('a' || chr(31) || 'b')`);
    expect(sqlLiteral('')).toBe(`''`);
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    // `?` inside strings, identifiers and comments is not a placeholder; x-? never becomes a comment.
    expect(inlineParams(`SELECT '?', "?", x-? -- ?\n, ?AS y`, [-1, 'q'])).toBe(`SELECT '?', "?", x- (-1) -- ?\n, 'q' AS y`);
    expect(() => inlineParams('SELECT ?, ?', [1])).toThrow(/placeholders/);
    expect(() => inlineParams('SELECT ?', [1, 2])).toThrow(/parameters/);
  });

  it('inlined literals read back as the same values in DuckDB', async () => {
    const values = ["it's", 'a\u001fb\u001f', '无；—／', '0.05', ''];
    for (const v of values) {
      const [r] = await engine.query<{ v: string; same: boolean }>(`SELECT ${sqlLiteral(v)} AS v, ${sqlLiteral(v)} = ? AS same`, [v]);
      expect(r).toEqual({ v, same: true });
    }
  });
});

describe('examples', () => {
  it('every rule, with the default settings written in, returns the rows the rule returns', async () => {
    let hits = 0;
    for (const rule of RULES) {
      const q = rule.query(DEFAULT_SETTINGS);
      const expected = await engine.query(q.sql, q.params);
      const sql = ruleExampleSql(rule, DEFAULT_SETTINGS);
      expect(lexSql(sql).filter((p) => p.kind === 'code' && p.text.includes('?')), rule.id).toEqual([]);
      const got = await runWorkbench(engine, sql);
      expect(got.rows, rule.id).toEqual(expected);
      expect(got.query, rule.id).not.toBeNull(); // ran as a proven read-only query
      hits += expected.length;
    }
    expect(hits).toBeGreaterThan(0); // the seed does trip some rules
  });

  it('every example query runs on the seed', async () => {
    const examples = exampleQueries(DEFAULT_SETTINGS);
    expect(examples.filter((e) => e.group === 'rule')).toHaveLength(RULES.length);
    for (const ex of examples) {
      const r = await runWorkbench(engine, ex.sql);
      expect(r.statements, ex.id).toBe(1);
    }
    const exec = await runWorkbench(engine, examples.find((e) => e.id === 'exec-by-department')!.sql);
    expect(exec.rows.length).toBeGreaterThan(0);
    expect(exec.columns.find((c) => c.name === 'exec_rate')?.numeric).toBe(true);
    expect(exec.columns.find((c) => c.name === 'department')?.numeric).toBe(false);
  });
});

describe('schema', () => {
  it('lists the user-facing tables first, then the app’s working tables, with columns, types and row counts', async () => {
    const schema = await describeSchema(engine);
    const app = schema.filter((t) => t.app);
    expect(schema.slice(0, app.length)).toEqual(app);
    expect(app.map((t) => t.name).sort()).toEqual([...APP_TABLES].sort());
    expect(app.slice(0, USER_TABLES.length).map((t) => [t.name, t.group])).toEqual(USER_TABLES.map((n) => [n, 'data']));
    expect(app.slice(USER_TABLES.length).every((t) => t.group === 'internal' && t.note == null)).toBe(true);
    const ev = schema.find((t) => t.name === 'evaluations')!;
    expect(ev.columns.find((c) => c.name === 'budget_full')).toMatchObject({ name: 'budget_full', type: 'DECIMAL(38,6)', unit: 'wanYuan' });
    expect(ev.columns.find((c) => c.name === 'exec_rate')?.unit).toBe('ratio');
    expect(ev.columns.find((c) => c.name === 'total_score')?.unit).toBe('score');
    expect(ev.columns.find((c) => c.name === 'year')?.unit).toBeNull();
    for (const t of schema) {
      const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM "${t.name}"`);
      expect(t.rows, t.name).toBe(Number(n));
    }
  });

  it('describes every user-facing table and each of its columns in both languages, and nothing that is not there', async () => {
    const schema = await describeSchema(engine);
    const described = new Set<string>();
    for (const t of schema.filter((x) => x.group === 'data')) {
      expect(t.note?.zh, t.name).toBeTruthy();
      expect(t.note?.en, t.name).toBeTruthy();
      described.add(t.name);
      for (const c of t.columns) {
        expect(c.note?.zh, `${t.name}.${c.name}`).toBeTruthy();
        expect(c.note?.en, `${t.name}.${c.name}`).toBeTruthy();
        described.add(`${t.name}.${c.name}`);
        described.add(`*.${c.name}`);
      }
    }
    // A note for a column that went away would describe nothing: every key names a real column.
    expect(Object.keys(SCHEMA_NOTES).filter((k) => !described.has(k))).toEqual([]);
    expect(columnNote('evaluations', 'year')).toEqual(SCHEMA_NOTES['*.year']);
  });

  it('has 部门类型 as a column of a user-facing view, one row per department', async () => {
    const depts = await engine.query<{ department: string; dept_kind: string; forms: number }>('SELECT * FROM departments');
    const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM (SELECT DISTINCT region, department FROM evaluations UNION SELECT DISTINCT region, department FROM spending)');
    expect(depts).toHaveLength(Number(n));
    for (const d of depts) {
      const [{ kind, forms }] = await engine.query<{ kind: string; forms: number }>(
        'SELECT department_kind(?) AS kind, (SELECT count(*) FROM evaluations WHERE department = ?) AS forms',
        [d.department, d.department],
      );
      expect(d.dept_kind).toBe(kind);
      expect(d.forms).toBe(Number(forms));
    }
  });
});

describe('dates', () => {
  it('DATE and TIMESTAMP values read as DuckDB prints them, in results and in exports', async () => {
    // Any day from 1900 to 2199, any microsecond of it: our text is DuckDB's own CAST to VARCHAR.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -25_567, max: 83_600 }), fc.integer({ min: 0, max: 86_400_000_000 - 1 }), async (day, micros) => {
        const sql = `SELECT d, ts, tz, CAST(d AS VARCHAR) AS d_text, CAST(ts AS VARCHAR) AS ts_text
          FROM (SELECT DATE '1970-01-01' + ${day} AS d, make_timestamp(${day}::BIGINT * 86400000000 + ${micros}) AS ts,
                       CAST(make_timestamp(${day}::BIGINT * 86400000000 + ${micros}) AS TIMESTAMPTZ) AS tz)`;
        const [r] = (await runWorkbench(engine, sql)).rows;
        expect(r.d).toBe(r.d_text);
        expect(r.ts).toBe(r.ts_text);
        expect(r.tz).toBe(`${r.ts_text}+00`);
        const [e] = await exportRows(engine, sql);
        expect([e.d, e.ts]).toEqual([r.d_text, r.ts_text]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('running', () => {
  it('caps a large result and keeps DECIMAL exact', async () => {
    const r = await runWorkbench(engine, 'SELECT range AS i, CAST(range * 0.125 AS DECIMAL(18,6)) AS d FROM range(100050)');
    expect(r.capped).toBe(true);
    expect(r.rows).toHaveLength(100_000);
    expect(r.total).toBe(100_050);
    expect(r.rows[3]).toEqual({ i: 3, d: '0.375' });
    expect(r.columns.map((c) => [c.name, c.numeric])).toEqual([['i', true], ['d', true]]);
    const small = await runWorkbench(engine, 'FROM range(100000)');
    expect(small.capped).toBe(false);
    expect(small.rows).toHaveLength(100_000);
    // Order survives the wrapping, and a trailing comment does not swallow it.
    const ordered = await runWorkbench(engine, 'SELECT range FROM range(5) ORDER BY range DESC -- newest first');
    expect(ordered.rows.map((x) => x.range)).toEqual([4, 3, 2, 1, 0]);
  });

  it('shows zero-row results with their columns, and DESCRIBE/SHOW/SUMMARIZE/PRAGMA/EXPLAIN', async () => {
    const none = await runWorkbench(engine, 'SELECT eval_id, year FROM evaluations WHERE false');
    expect(none.rows).toEqual([]);
    expect(none.columns.map((c) => c.name)).toEqual(['eval_id', 'year']);
    expect((await runWorkbench(engine, 'DESCRIBE evaluations')).rows.length).toBeGreaterThan(10);
    expect((await runWorkbench(engine, 'SHOW TABLES')).rows.length).toBeGreaterThanOrEqual(APP_TABLES.length);
    expect((await runWorkbench(engine, 'SUMMARIZE spending')).rows.length).toBeGreaterThan(3);
    expect((await runWorkbench(engine, 'PRAGMA show_tables')).rows.length).toBeGreaterThan(3);
    expect((await runWorkbench(engine, 'EXPLAIN SELECT count(*) FROM indicators')).rows.length).toBeGreaterThan(0);
  });

  it('reports DuckDB’s own message for a mistake', async () => {
    await expect(runWorkbench(engine, 'SELECT nope FROM evaluations')).rejects.toThrow(/nope/);
    await expect(runWorkbench(engine, 'SELEC 1')).rejects.toThrow(/Parser Error/);
    await expect(runWorkbench(engine, 'CREATE TABL x AS SELECT 1')).rejects.toThrow(/Parser Error/);
    await expect(runWorkbench(engine, '  -- nothing\n')).rejects.toThrow(/nothing to run/);
    // and the engine still works afterwards (no transaction left open)
    expect((await runWorkbench(engine, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('runs a script and shows its last result', async () => {
    const r = await runWorkbench(engine, 'CREATE OR REPLACE TEMP TABLE scratch AS SELECT 1 AS a; INSERT INTO scratch VALUES (2); SELECT sum(a)::INTEGER AS s FROM scratch');
    expect(r.statements).toBe(3);
    expect(r.wrote).toBe(true);
    expect(r.rows).toEqual([{ s: 2 + 1 }]);
  });
});

describe('write policy: your own tables yes, the app’s tables never', () => {
  const refusedOnApp = [
    'DROP TABLE evaluations',
    'drop table if exists "indicators"',
    'DROP TABLE main.findings CASCADE',
    'DELETE FROM findings',
    'DELETE FROM spending WHERE year = 2023',
    'TRUNCATE staffing',
    "UPDATE evaluations SET department = 'x'",
    "UPDATE indicators SET score = 0 WHERE eval_id IN (SELECT eval_id FROM evaluations)",
    "INSERT INTO rejected_rows VALUES ('f', 1, 'r')",
    'INSERT INTO loaded_files SELECT * FROM loaded_files',
    'ALTER TABLE evaluations ADD COLUMN z INTEGER',
    'ALTER TABLE evaluations RENAME TO e2',
    'ALTER TABLE form_scores RENAME COLUMN eval_id TO x',
    'CREATE OR REPLACE TABLE department_scores AS SELECT 1 AS a',
    'CREATE TEMP TABLE evaluations AS SELECT * FROM evaluations LIMIT 0',
    'CREATE TEMP VIEW findings AS SELECT 1 AS a',
    'CREATE INDEX ev_idx ON evaluations (department)',
    'WITH x AS (SELECT 1) DELETE FROM findings',
    'EXPLAIN ANALYZE DELETE FROM findings',
    "MERGE INTO staffing t USING (SELECT 2099 AS y) s ON t.year = s.y WHEN NOT MATCHED THEN INSERT (year, department, source_file) VALUES (s.y, 'x', 'f')",
  ];

  it.each(refusedOnApp)('refuses %s and keeps the tables intact', async (sql) => {
    const before = await appState();
    const err = await runWorkbench(engine, sql).catch((e: unknown) => e);
    expect(err, sql).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).kind).toBe('app-table');
    expect((err as RefusedError).message).toMatch(/应用自身的表只读/);
    expect((err as RefusedError).message).toMatch(/read-only/);
    expect(await appState()).toEqual(before);
    // no transaction left open: a plain query still works and sees the data
    expect((await runWorkbench(engine, 'SELECT count(*) AS n FROM evaluations')).rows[0].n).toBeGreaterThan(0);
  });

  it('names the table it refused to change', async () => {
    const err = (await runWorkbench(engine, 'DROP TABLE evaluations').catch((e: unknown) => e)) as RefusedError;
    expect(err.tables).toEqual(['evaluations']);
    expect(err.message).toContain('evaluations');
  });

  it.each([
    'BEGIN TRANSACTION',
    'COMMIT',
    'SET threads = 1',
    "ATTACH ':memory:' AS other",
    'USE memory',
    "COPY evaluations FROM 'x.csv'",
    "COPY evaluations TO 'x.csv'",
    'CHECKPOINT',
    'LOAD json',
  ])('refuses the session statement %s', async (sql) => {
    const before = await appState();
    const err = await runWorkbench(engine, sql).catch((e: unknown) => e);
    expect(err, sql).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).kind).toBe('session');
    expect(await appState()).toEqual(before);
    expect((await engine.query<{ d: string }>('SELECT current_database() AS d'))[0].d).toBe('memory');
  });

  it('lets the researcher create, fill, change and drop their own tables', async () => {
    const before = await appState();
    const created = await runWorkbench(engine, 'CREATE TABLE my_t AS SELECT department, count(*) AS n FROM evaluations GROUP BY department');
    expect(created.wrote).toBe(true);
    const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM my_t');
    expect(n).toBeGreaterThan(0);
    await runWorkbench(engine, "INSERT INTO my_t VALUES ('x', 1)");
    await runWorkbench(engine, "UPDATE my_t SET n = 2 WHERE department = 'x'");
    await runWorkbench(engine, "DELETE FROM my_t WHERE department <> 'x'");
    await runWorkbench(engine, 'ALTER TABLE my_t ADD COLUMN note VARCHAR');
    await runWorkbench(engine, 'CREATE VIEW my_v AS SELECT * FROM my_t');
    await runWorkbench(engine, 'CREATE MACRO my_m(a) AS a + 1');
    expect((await runWorkbench(engine, 'SELECT department, n, note, my_m(n) AS m FROM my_v')).rows).toEqual([{ department: 'x', n: 2, note: null, m: 3 }]);
    const schema = await describeSchema(engine);
    expect(schema.find((t) => t.name === 'my_t')).toMatchObject({ app: false });
    await runWorkbench(engine, 'DROP VIEW my_v; DROP TABLE my_t; DROP MACRO my_m');
    expect(await appState()).toEqual(before);
  });

  it('a script stops at the refused statement; what came before stays, the refused one is undone', async () => {
    const err = await runWorkbench(engine, 'CREATE TABLE mine AS SELECT 1 AS a; DELETE FROM evaluations; SELECT 2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((await engine.query('SELECT * FROM mine')).length).toBe(1);
    expect((await engine.query<{ n: number }>('SELECT count(*) AS n FROM evaluations'))[0].n).toBeGreaterThan(0);
    await runWorkbench(engine, 'DROP TABLE mine');
  });

});

describe('names of built-ins and of the app’s macros are not for the taking', () => {
  /** What a few built-ins and the app's macro give: must not change whatever the researcher runs. */
  const computed = async (e: Engine) =>
    e.query(`SELECT abs(-5) AS a, round(2.5) AS r, lower('A') AS l, hash(1)::VARCHAR AS h, department_kind('县财政局') AS k, (SELECT count(*) FROM range(3)) AS n`);
  let builtins: string[] = [];

  beforeAll(async () => {
    const rows = await engine.query<{ f: string }>(
      `SELECT DISTINCT function_name AS f FROM duckdb_functions() WHERE internal AND function_type IN ('scalar', 'macro', 'aggregate', 'table')
         AND regexp_full_match(function_name, '[a-z_][a-z0-9_]*') ORDER BY 1`,
    );
    builtins = rows.map((r) => r.f);
    expect(builtins.length).toBeGreaterThan(100);
  });

  it.each([
    'CREATE TEMP MACRO abs(x) AS 0',
    'CREATE MACRO round(x) AS 0',
    'CREATE OR REPLACE MACRO main.lower(s) AS s',
    'CREATE FUNCTION hash(x) AS 0',
    'CREATE OR REPLACE TEMP FUNCTION hash(x) AS 0',
    'CREATE MACRO range(n) AS TABLE SELECT 1 AS range',
    "CREATE OR REPLACE MACRO department_kind(d) AS 'x'",
    "CREATE TEMP MACRO department_kind(d) AS 'x'",
  ])('refuses %s and computes as before', async (sql) => {
    const before = await computed(engine);
    const err = await runWorkbench(engine, sql).catch((e: unknown) => e);
    expect(err, sql).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).kind).toBe('reserved-name');
    expect((err as RefusedError).message).toMatch(/同名/);
    expect(await computed(engine)).toEqual(before);
    expect(await engine.query(`SELECT function_name FROM duckdb_functions() WHERE NOT internal AND function_name <> 'department_kind'`)).toEqual([]);
  });

  it('refuses a macro or function named like any built-in, temp or not, in any form', async () => {
    const before = await computed(engine);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...builtins),
        fc.constantFrom('CREATE MACRO', 'CREATE OR REPLACE MACRO', 'CREATE TEMP MACRO', 'CREATE OR REPLACE TEMPORARY FUNCTION', 'CREATE FUNCTION main.'),
        fc.boolean(),
        async (name, form, table) => {
          const sql = `${form.endsWith('.') ? form : form + ' '}${quoteName(name)}(x) AS ${table ? 'TABLE SELECT 1 AS y' : '0'}`;
          const err = await runWorkbench(engine, sql).catch((e: unknown) => e);
          // DuckDB may reject the statement itself (a name it reserves); it is never accepted.
          if (!(err instanceof RefusedError)) expect(err, sql).toBeInstanceOf(Error);
          else expect(err.kind, sql).toBe('reserved-name');
        },
      ),
      { numRuns: 60 },
    );
    expect(await computed(engine)).toEqual(before);
  });

  it('still lets the researcher make macros and types of their own', async () => {
    await runWorkbench(engine, "CREATE TEMP MACRO my_abs(x) AS abs(x) + 1; CREATE TYPE my_kind AS ENUM ('a', 'b')");
    expect((await runWorkbench(engine, "SELECT my_abs(-2) AS v, 'a'::my_kind AS k")).rows).toEqual([{ v: 3, k: 'a' }]);
    await runWorkbench(engine, 'DROP MACRO my_abs; DROP TYPE my_kind');
  });
});

const quoteName = (n: string) => (/^[a-z_][a-z0-9_]*$/.test(n) ? n : `"${n}"`);

describe('the SQL view’s own connection', () => {
  it('keeps its TEMP objects to itself; what it makes in main every connection sees', async () => {
    const user = await engine.connect();
    try {
      await runWorkbench(user, 'CREATE TEMP TABLE only_mine AS SELECT 1 AS a; CREATE TEMP VIEW my_view AS SELECT 2 AS b; CREATE TEMP MACRO my_m(x) AS x * 2');
      expect((await runWorkbench(user, 'SELECT a, my_m(a) AS m FROM only_mine, my_view')).rows).toEqual([{ a: 1, m: 2 }]);
      await expect(engine.query('SELECT * FROM only_mine')).rejects.toThrow(/only_mine/);
      await expect(engine.query('SELECT * FROM my_view')).rejects.toThrow(/my_view/);
      await expect(engine.query('SELECT my_m(1)')).rejects.toThrow(/my_m/);
      expect((await describeSchema(user)).some((t) => t.name === 'only_mine')).toBe(true);
      expect((await describeSchema(engine)).some((t) => t.name === 'only_mine')).toBe(false);
      // not temp: in the shared catalog, which is why the write policy stays the first layer
      await runWorkbench(user, 'CREATE TABLE shared_t AS SELECT 3 AS c');
      expect(await engine.query('SELECT c FROM shared_t')).toEqual([{ c: 3 }]);
      await runWorkbench(user, 'DROP TABLE shared_t');
    } finally {
      await user.close();
    }
    // the app's connection still works once the other is closed
    expect((await engine.query<{ n: number }>('SELECT count(*) AS n FROM evaluations'))[0].n).toBeGreaterThan(0);
  });

  it('refuses a temp table or view that would shadow an app table on its own connection too', async () => {
    const user = await engine.connect();
    try {
      for (const sql of ['CREATE TEMP TABLE findings AS SELECT 1 AS a', 'CREATE TEMP VIEW evaluations AS SELECT 1 AS a']) {
        expect(await runWorkbench(user, sql).catch((e: unknown) => e), sql).toBeInstanceOf(RefusedError);
      }
      expect((await user.query<{ n: number }>('SELECT count(*) AS n FROM evaluations'))[0].n).toBeGreaterThan(0);
    } finally {
      await user.close();
    }
  });
});

describe('errors read as for the statement typed', () => {
  it('a query’s mistake is DuckDB’s message for the text as typed, not for our wrapping', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('eval_id', 'year', 'department', "'x'", '1'), { maxLength: 3 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 12 }),
        fc.constantFrom('nope', 'missing_col', '"Not There"'),
        async (cols, lines, pad, bad) => {
          const sql = `SELECT ${[...cols, ''].join(', ')}${'\n'.repeat(lines)}${' '.repeat(pad)}${bad} FROM evaluations`;
          const raw = await engine.query(sql).then(() => null, (e: Error) => e.message);
          const got = await runWorkbench(engine, sql).then(() => null, (e: Error) => e.message);
          expect(raw).not.toBeNull();
          expect(got).toBe(raw);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a statement’s mistake does not show the EXPLAIN it was planned with', async () => {
    const err = (await runWorkbench(engine, 'CREATE TABLE x AS\nSELECT nope FROM evaluations').catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^Binder Error: .*nope/);
    expect(err.message).toContain('LINE 2: SELECT nope FROM evaluations');
    expect(err.message).not.toMatch(/EXPLAIN|FORMAT json|SELECT \* FROM \(/);
    const lines = err.message.split('\n');
    const at = lines.findIndex((l) => l.startsWith('LINE 2: '));
    expect(lines[at + 1].indexOf('^')).toBe(lines[at].indexOf('nope'));
  });
});

describe('cancelling', () => {
  /** The engine as the SQL view drives it, with the researcher pressing 取消 while `when` runs. */
  function pressCancelDuring(when: RegExp) {
    const controller = new AbortController();
    const cancels: number[] = [];
    const user: Engine = {
      ...engine,
      async query(sql, params) {
        if (when.test(sql) && !controller.signal.aborted) {
          controller.abort();
          throw new Error('INTERRUPT Error: Interrupted!'); // what the interrupted statement throws
        }
        return engine.query(sql, params);
      },
      cancel: async () => (cancels.push(1), true),
    };
    return { user, signal: controller.signal, cancels };
  }

  it('stops a guarded statement, undoes it, and starts nothing after it', async () => {
    const { user, signal, cancels } = pressCancelDuring(/^INSERT INTO cancel_me/);
    await runWorkbench(engine, 'CREATE TABLE cancel_me (a INTEGER)');
    const err = await runWorkbench(user, 'INSERT INTO cancel_me VALUES (1); CREATE TABLE never_made AS SELECT 1', { signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(cancels).toEqual([1]);
    expect(await engine.query('SELECT * FROM cancel_me')).toEqual([]);
    expect(await engine.query(`SELECT * FROM duckdb_tables() WHERE table_name = 'never_made'`)).toEqual([]);
    // no transaction left open
    expect((await runWorkbench(engine, 'INSERT INTO cancel_me VALUES (2); SELECT count(*)::INTEGER AS n FROM cancel_me')).rows).toEqual([{ n: 1 }]);
    await runWorkbench(engine, 'DROP TABLE cancel_me');
  });

  it('stops a query; a signal aborted before the run starts runs nothing', async () => {
    const { user, signal } = pressCancelDuring(/range\(7\)/);
    await expect(runWorkbench(user, 'SELECT * FROM range(7)', { signal })).rejects.toBeInstanceOf(CancelledError);
    await expect(runWorkbench(engine, 'CREATE TABLE not_run AS SELECT 1', { signal })).rejects.toBeInstanceOf(CancelledError);
    expect(await engine.query(`SELECT * FROM duckdb_tables() WHERE table_name = 'not_run'`)).toEqual([]);
  });
});

describe('export', () => {
  it('exports every row of a query (beyond the display cap) and Parquet reads back the same', async () => {
    const query = 'SELECT range AS i, range::DECIMAL(18,6) / 4 AS d, \'=1+1\' AS f FROM range(100003)';
    expect((await exportRows(engine, query)).length).toBe(100_003);
    const parquet = await writeParquetFromIPC(await exportIPC(engine, query));
    const table = await readParquetTable(parquet);
    expect(table.numRows).toBe(100_003);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['i', 'd', 'f']);
    expect(wrapQuery('SELECT 1 -- c')).toBe('SELECT * FROM (\nSELECT 1 -- c\n) AS q');
  });
});
