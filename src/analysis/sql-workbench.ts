// The researchers' SQL workbench (the `sql` view), as plain TypeScript the tests drive in Node:
// the schema, example queries (the rule catalogue included), and running a researcher's SQL on the
// app's own engine without letting it break the app.
//
// THE WRITE POLICY — 你可以建自己的表；应用自身的表只读 (you may create your own tables; the app's own
// tables are read-only). Decided by DuckDB itself, not by reading the text with regexes:
//
// 1. A query (first word SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE or "(") runs
//    wrapped as `SELECT * FROM (<sql>) LIMIT cap+1`. DuckDB's parser accepts only a query inside a
//    subquery, so a statement that runs this way is proven read-only (`WITH … DELETE` fails to parse
//    and falls to step 2). The cap keeps 100k-row results cheap; the caller learns it was capped.
// 2. Anything else is first planned with `EXPLAIN (FORMAT json)`, which binds it without running it:
//    the plan's root operator is the statement's kind. Session statements are refused outright,
//    because they cannot be undone or would change what the app's own queries see: transactions,
//    SET/RESET, ATTACH/DETACH/USE, COPY, EXPORT/IMPORT, LOAD/INSTALL, CHECKPOINT/VACUUM.
// 3. Every other statement runs as-is inside a transaction. Before and after it, DuckDB's catalog is
//    read for every object named like an app table or macro (tables and views in any schema, temp
//    included — a temp table `evaluations` would shadow the app's — with oid, definition, size,
//    indexes), plus, for statements that may change rows (INSERT/UPDATE/DELETE/MERGE, PRAGMA, CALL,
//    EXPLAIN ANALYZE, anything not DDL), a row count and an order-free hash of every app table's rows.
//    If any of it differs, the transaction is rolled back and the statement refused, naming the table.
//    The same check lists every macro, function or type not built in whose name is that of a
//    built-in one (`CREATE TEMP MACRO abs(x) AS 0`, `CREATE MACRO main.round(x) AS 0`): such a
//    statement is refused too, since it would change what every query computes — the app's own
//    ones included, for an object created in `main`, which every connection sees.
// 4. The SQL view runs all this on a connection of its own (Engine.connect): its TEMP objects,
//    search path and transactions never reach the connection the app computes on.
//    `json_serialize_sql` would have been the natural parser probe, but it lives in the json
//    extension, which duckdb-wasm 1.32 does not build in (and extensions are never downloaded here).
//
// Only the SQL view calls this; the app's own code keeps using Engine directly.
import { tableFromIPC } from 'apache-arrow';
import type { Engine, Row, SqlParam } from '../db/engine';
import { FULL_MARKS_CTE, SANGONG_CTE } from './rules/sql';
import type { Rule } from './rules/rule';
import { RULES } from './rules/index';
import { VIEW_CACHE_TABLES } from './queries/cache-state';
import { PREPARED_TABLES } from './prepare';
import type { RuleSettings } from './settings';

/** The tables the app itself creates and reads: read-only for researcher SQL. */
export const APP_TABLES = [
  'evaluations', 'indicators', 'spending', 'staffing', 'loaded_files', 'rejected_rows',
  'findings', 'form_scores', 'department_scores', ...PREPARED_TABLES.map((t) => t.name), ...VIEW_CACHE_TABLES,
];
/** The app's own macros (db/schema.ts), equally protected. */
export const APP_MACROS = ['department_kind'] as const;

/** Rows shown at most; one more is fetched to know that there were more. */
export const ROW_CAP = 100_000;

// ---------------------------------------------------------------------------------------------
// Lexing: only enough to split statements and find `?` placeholders outside strings and comments.

interface Piece {
  kind: 'code' | 'string' | 'ident' | 'comment';
  text: string;
}

/** Splits SQL into code, string literals ('…', E'…', $tag$…$tag$), quoted identifiers and comments. */
export function lexSql(sql: string): Piece[] {
  const out: Piece[] = [];
  let code = '';
  const flush = () => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
  };
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      flush();
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      out.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === '/' && next === '*') {
      flush();
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') (depth++, (j += 2));
        else if (sql[j] === '*' && sql[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      out.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === "'" || ((c === 'e' || c === 'E') && next === "'" && !/[\w$]/.test(sql[i - 1] ?? ''))) {
      flush();
      const backslash = c !== "'";
      let j = i + (backslash ? 2 : 1);
      while (j < n) {
        if (backslash && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") {
          j++;
          break;
        } else j++;
      }
      out.push({ kind: 'string', text: sql.slice(i, Math.min(j, n)) });
      i = Math.min(j, n);
    } else if (c === '"') {
      flush();
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') {
          j++;
          break;
        } else j++;
      }
      out.push({ kind: 'ident', text: sql.slice(i, Math.min(j, n)) });
      i = Math.min(j, n);
    } else if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      const end = m ? sql.indexOf(m[0], i + m[0].length) : -1;
      if (m && end >= 0) {
        flush();
        out.push({ kind: 'string', text: sql.slice(i, end + m[0].length) });
        i = end + m[0].length;
      } else {
        code += c;
        i++;
      }
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

/** The statements of a script, split at `;` outside strings and comments; blank ones dropped. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const p of lexSql(sql)) {
    if (p.kind !== 'code') {
      cur += p.text;
      continue;
    }
    const parts = p.text.split(';');
    cur += parts[0];
    for (const part of parts.slice(1)) {
      out.push(cur);
      cur = part;
    }
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => lexSql(s).some((p) => p.kind !== 'comment' && p.text.trim() !== ''));
}

/** The first keyword of a statement (upper case), skipping comments; '(' for a parenthesised query. */
export function leadingKeyword(stmt: string): string {
  for (const p of lexSql(stmt)) {
    if (p.kind === 'comment') continue;
    if (p.kind !== 'code') return '';
    const t = p.text.trimStart();
    if (t === '') continue;
    if (t[0] === '(') return '(';
    return (/^[A-Za-z_]+/.exec(t)?.[0] ?? '').toUpperCase();
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Rules as runnable examples.

/** A parameter written as a SQL literal. Numbers bind as DOUBLE in both hosts, so fractions say so. */
export function sqlLiteral(v: SqlParam): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    const s = Number.isSafeInteger(v) ? String(v) : `${String(v)}::DOUBLE`;
    return v < 0 ? `(${s})` : s;
  }
  // Single-quoted with quotes doubled; control characters (the list separator chr(31)) are spelt
  // out with chr() so the text is visible and survives a textarea and a URL.
  const parts: string[] = [];
  let lit = '';
  for (const ch of v) {
    const code = ch.codePointAt(0)!;
    if (code < 32 || code === 127) {
      if (lit) parts.push(`'${lit}'`);
      lit = '';
      parts.push(`chr(${code})`);
    } else lit += ch === "'" ? "''" : ch;
  }
  if (lit || parts.length === 0) parts.push(`'${lit}'`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
}

/** Replaces each `?` outside strings, identifiers and comments by the next parameter, as a literal. */
export function inlineParams(sql: string, params: readonly SqlParam[]): string {
  let k = 0;
  let out = '';
  for (const p of lexSql(sql)) {
    if (p.kind !== 'code') {
      out += p.text;
      continue;
    }
    for (let i = 0; i < p.text.length; i++) {
      const c = p.text[i];
      if (c !== '?') {
        out += c;
        continue;
      }
      if (k >= params.length) throw new Error(`more ? placeholders than parameters (${params.length})`);
      let lit = sqlLiteral(params[k++]);
      // Never glue a literal to a neighbour: `x-?` with -1 would start a `--` comment.
      if (/[\w$'"-]$/.test(out)) lit = ' ' + lit;
      if (/^[\w$'"]/.test(p.text[i + 1] ?? '')) lit += ' ';
      out += lit;
    }
  }
  if (k !== params.length) throw new Error(`${params.length} parameters for ${k} ? placeholders`);
  return out;
}

/** A rule's SQL with its thresholds written in, runnable as it stands. */
export function ruleExampleSql(rule: Pick<Rule, 'id' | 'titleZh' | 'titleEn' | 'query'>, settings: RuleSettings): string {
  const comment = `-- ${rule.id}: ${rule.titleZh} / ${rule.titleEn}`.replace(/[\r\n]+/g, ' ');
  const q = rule.query(settings);
  return `${comment}\n${inlineParams(q.sql, q.params).trim()}\n`;
}

export interface Example {
  id: string;
  group: 'example' | 'rule';
  titleZh: string;
  titleEn: string;
  sql: string;
}

const EXAMPLES: Example[] = [
  {
    id: 'exec-by-department',
    group: 'example',
    titleZh: '各部门预算执行率（按年度）',
    titleEn: 'Budget execution rate by department and year',
    sql: `-- 各部门预算执行率：全年执行数 ÷ 全年预算数（部门整体自评表）
SELECT year, region, department,
  sum(budget_full) AS budget_full,
  sum(executed) AS executed,
  round(sum(executed) / NULLIF(sum(budget_full), 0), 4) AS exec_rate
FROM evaluations
WHERE kind = '部门整体'
GROUP BY year, region, department
ORDER BY year, exec_rate
`,
  },
  {
    id: 'sangong-by-year',
    group: 'example',
    titleZh: '“三公”经费决算（按年度）',
    titleEn: 'Three public expenses by year',
    sql: `-- “三公”经费合计：本年预算数与本年决算数（附件1）
WITH ${SANGONG_CTE}
SELECT year, count(DISTINCT department) AS departments,
  sum(budget) AS budget, sum(final) AS final
FROM sg
WHERE role = 'total'
GROUP BY year
ORDER BY year
`,
  },
  {
    id: 'full-marks-forms',
    group: 'example',
    titleZh: '满分的自评表',
    titleEn: 'Forms at full marks',
    sql: `-- 每个有分值的指标都得满分、且执行率得分等于其分值的自评表
WITH ${FULL_MARKS_CTE}
SELECT department, year, coalesce(project, '部门整体') AS form, n AS indicators, exec_rate
FROM fm
ORDER BY department, year, form
`,
  },
  {
    id: 'generic-indicators',
    group: 'example',
    titleZh: '多个部门共用的三级指标名称',
    titleEn: 'Indicator names shared across departments',
    sql: `-- 同一三级指标名称出现在多少个部门、多少张表上
SELECT trim(i.level3) AS level3,
  count(DISTINCT e.department) AS departments,
  count(DISTINCT i.eval_id) AS forms
FROM indicators i JOIN evaluations e USING (eval_id)
WHERE trim(coalesce(i.level3, '')) <> ''
GROUP BY 1
HAVING count(DISTINCT e.department) > 1
ORDER BY departments DESC, forms DESC, level3
LIMIT 100
`,
  },
  {
    id: 'findings-by-rule',
    group: 'example',
    titleZh: '各规则发现的异常数',
    titleEn: 'Findings per rule',
    sql: `SELECT rule, severity, count(*) AS findings, count(DISTINCT department) AS departments
FROM findings
GROUP BY rule, severity
ORDER BY findings DESC
`,
  },
  {
    id: 'boilerplate-departments',
    group: 'example',
    titleZh: '部门套话得分',
    titleEn: 'Boilerplate score by department',
    sql: `SELECT * FROM department_scores ORDER BY score DESC NULLS LAST, department\n`,
  },
  {
    id: 'my-table',
    group: 'example',
    titleZh: '建自己的表',
    titleEn: 'Create your own table',
    sql: `-- 你可以建自己的表；应用自身的表只读
CREATE OR REPLACE TABLE my_departments AS
SELECT region, department, department_kind(department) AS kind, count(*) AS forms
FROM evaluations
GROUP BY region, department
`,
  },
];

/** The example queries, then every rule of the catalogue with `settings` written in. */
export function exampleQueries(settings: RuleSettings): Example[] {
  return [
    ...EXAMPLES,
    ...RULES.map((r) => ({ id: `rule:${r.id}`, group: 'rule' as const, titleZh: r.titleZh, titleEn: r.titleEn, sql: ruleExampleSql(r, settings) })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Schema.

export interface SchemaColumn {
  name: string;
  type: string;
}
export interface SchemaTable {
  schema: string;
  name: string;
  /** One of the app's own tables (read-only for researcher SQL). */
  app: boolean;
  columns: SchemaColumn[];
}

/** Tables and views with their columns, from information_schema: the app's tables first. */
export async function describeSchema(engine: Engine): Promise<SchemaTable[]> {
  const rows = await engine.query<{ s: string; t: string; c: string; ty: string }>(
    `SELECT table_schema AS s, table_name AS t, column_name AS c, data_type AS ty
     FROM information_schema.columns
     WHERE table_catalog IN (current_database(), 'temp')
     ORDER BY table_schema, table_name, ordinal_position`,
  );
  const tables = new Map<string, SchemaTable>();
  for (const r of rows) {
    const key = `${r.s}.${r.t}`;
    let t = tables.get(key);
    if (!t) {
      t = { schema: r.s, name: r.t, app: r.s === 'main' && (APP_TABLES as readonly string[]).includes(r.t), columns: [] };
      tables.set(key, t);
    }
    t.columns.push({ name: r.c, type: r.ty });
  }
  const appOrder = (t: SchemaTable) => (t.app ? APP_TABLES.indexOf(t.name as (typeof APP_TABLES)[number]) : APP_TABLES.length);
  return [...tables.values()].sort((a, b) => appOrder(a) - appOrder(b) || a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
}

/** An identifier as it can be typed into SQL: quoted unless plain lower-case. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------
// Running researcher SQL.

export interface ResultColumn {
  name: string;
  /** DuckDB type when known ('' for statements run as-is). */
  type: string;
  numeric: boolean;
}

export interface WorkbenchResult {
  columns: ResultColumn[];
  /** At most ROW_CAP rows. */
  rows: Row[];
  /** More than ROW_CAP rows: only the first ROW_CAP are in `rows`. */
  capped: boolean;
  /** Rows in the whole result (counted again when capped). */
  total: number;
  /** The last statement was a query proven read-only: it can be exported (re-run without the cap). */
  query: string | null;
  /** Some statement wrote (to the researcher's own tables): the schema may have changed. */
  wrote: boolean;
  statements: number;
  ms: number;
}

export type RefusalKind = 'app-table' | 'reserved-name' | 'session';

/** A statement the policy refuses; nothing it did was kept. */
export class RefusedError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly tables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** The run was cancelled (RunOptions.signal); nothing of the statement it stopped was kept. */
export class CancelledError extends Error {
  constructor() {
    super('已取消 / cancelled');
    this.name = 'CancelledError';
  }
}

const QUERY_WORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE', '(']);
/** Statement kinds (EXPLAIN root operators, or first words EXPLAIN cannot plan) refused outright. */
const SESSION_OPS = /^(TRANSACTION|SET|RESET|ATTACH|DETACH|USE|COPY|BATCH_COPY|EXPORT|IMPORT|LOAD|INSTALL|CHECKPOINT|FORCE|VACUUM|UPDATE_EXTENSIONS)/;
const SESSION_WORDS = new Set(['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT', 'SET', 'RESET', 'ATTACH', 'DETACH', 'USE', 'COPY', 'EXPORT', 'IMPORT', 'LOAD', 'INSTALL', 'FORCE', 'CHECKPOINT', 'VACUUM']);
/** Statements EXPLAIN cannot plan that are still worth running (under the full check). */
const UNPLANNED_OK = new Set(['PRAGMA', 'CALL', 'EXPLAIN']);
/** DDL only touches the catalog: the cheap check is enough. */
const DDL_OPS = /^(CREATE|DROP|ALTER|SET_VARIABLE)/;

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC|INT)/i;

const SESSION_MESSAGE =
  '已拒绝：会话级语句（事务、SET、ATTACH/USE、COPY、LOAD 等）在工作台中不可用。你可以建自己的表；应用自身的表只读。 / ' +
  'Refused: session statements (transactions, SET, ATTACH/USE, COPY, LOAD …) are not available here. You may create your own tables; the app’s own tables are read-only.';

function appTableMessage(tables: string[]): string {
  const list = tables.join(', ');
  return (
    `已拒绝：该语句会修改应用自身的表（${list}），已撤销。你可以建自己的表；应用自身的表只读。 / ` +
    `Refused: this statement would change the app’s own table(s) (${list}); it was rolled back. You may create your own tables; the app’s own tables are read-only.`
  );
}

function reservedNameMessage(names: string[]): string {
  const list = names.join(', ');
  return (
    `已拒绝：不能创建或替换与内置函数、类型或应用自身的宏同名的对象（${list}），已撤销。请换一个名字。 / ` +
    `Refused: a macro, function or type may not take the name of a built-in one or of the app’s own (${list}); it was rolled back. Pick another name.`
  );
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Fingerprint keys of objects that take a built-in's name: `builtin:abs`. */
const BUILTIN_KEY = 'builtin:';

/**
 * DuckDB's error for a statement we ran behind a one-line prefix (`SELECT * FROM (`, `EXPLAIN …`,
 * each followed by a newline), told as if the statement had run as typed: its "LINE n:" context
 * shows the researcher's own line, so only the line number (and the caret under a shorter label)
 * moves back by one.
 */
function asTyped(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const message = e.message.replace(/^LINE (\d+): (.*)\n( *)\^/m, (whole, n: string, line: string, pad: string) => {
    const before = `LINE ${n}: `;
    const after = `LINE ${Number(n) - 1}: `;
    if (Number(n) < 2) return whole;
    return `${after}${line}\n${' '.repeat(Math.max(0, pad.length - before.length + after.length))}^`;
  });
  if (message === e.message) return e;
  const out = new Error(message, { cause: e });
  out.name = e.name;
  return out;
}

const builtinNames = new WeakMap<Engine, Promise<Set<string>>>();
/**
 * The names of DuckDB's own functions and types. They cannot change here (extensions are never
 * loaded), so they are read once per connection.
 */
function builtins(engine: Engine): Promise<Set<string>> {
  let names = builtinNames.get(engine);
  if (!names) {
    names = engine
      .query<{ n: string }>(
        `SELECT DISTINCT lower(function_name) AS n FROM system.main.duckdb_functions() WHERE internal
         UNION SELECT lower(type_name) FROM system.main.duckdb_types() WHERE internal`,
      )
      .then((rows) => new Set(rows.map((r) => r.n)));
    builtinNames.set(engine, names);
  }
  return names;
}

type Print = Map<string, string>;
const add = (out: Print, k: string, v: string) => out.set(k, out.has(k) ? `${out.get(k)}\n${v}` : v);

/**
 * One string per reserved name taken by a macro, function or type not built in: the app's own
 * macros, and any with a built-in's name. Read first and with no scalar function at all (the
 * catalogue through `system.main.…`, which no macro can shadow): a statement that shadowed `lower`
 * is caught here before it could blind the checks that use it.
 */
async function namePrint(engine: Engine): Promise<Print> {
  const own = await engine.query<{ name: string; db: string; schema: string; kind: string; def: string | null }>(
    `SELECT function_name AS name, database_name AS db, schema_name AS schema, function_type AS kind, macro_definition AS def
       FROM system.main.duckdb_functions() WHERE NOT internal
     UNION ALL
     SELECT type_name, database_name, schema_name, 'type', logical_type FROM system.main.duckdb_types() WHERE NOT internal`,
  );
  const reserved = await builtins(engine);
  const out: Print = new Map();
  for (const f of own) {
    const name = f.name.toLowerCase();
    const key = (APP_MACROS as readonly string[]).includes(name) ? name : reserved.has(name) ? BUILTIN_KEY + name : null;
    if (key) add(out, key, [f.kind, f.db, f.schema, f.name, f.def].join('|'));
  }
  return out;
}

/** One string per app table (or view of that name): its catalogue entry and, when `rows`, its rows' count and hash. */
async function tablePrint(engine: Engine, rows: boolean): Promise<Print> {
  const names = [...APP_TABLES].map((t) => `'${t}'`).join(', ');
  const catalog = await engine.query<{ k: string; v: string; main: boolean }>(
    `SELECT lower(table_name) AS k,
        concat_ws('|', 'table', database_name, schema_name, table_name, table_oid, temporary, estimated_size,
                  column_count, index_count, check_constraint_count, sql) AS v,
        (database_name = current_database() AND schema_name = 'main' AND NOT temporary) AS main
       FROM system.main.duckdb_tables() WHERE lower(table_name) IN (${names})
     UNION ALL
     SELECT lower(view_name), concat_ws('|', 'view', database_name, schema_name, view_name, view_oid, sql), false
       FROM system.main.duckdb_views() WHERE lower(view_name) IN (${names})
     UNION ALL
     SELECT '(session)', concat_ws('|', current_database(), current_schema()), false`,
  );
  const out: Print = new Map();
  for (const c of catalog) add(out, c.k, c.v);
  if (rows) {
    for (const c of catalog) {
      if (!c.main) continue;
      const [h] = await engine.query<{ n: number; h: string | null }>(
        `SELECT count(*) AS n, CAST(sum(hash(t)::HUGEINT) AS VARCHAR) AS h FROM main.${quoteIdent(c.k)} AS t`,
      );
      add(out, c.k, `rows ${h.n} ${h.h}`);
    }
  }
  return out;
}

/** What a statement changed among the protected objects, as the refusal to throw (null: nothing). */
function refusal(before: Print, after: Print): RefusedError | null {
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).sort();
  const reserved = keys.filter((k) => k.startsWith(BUILTIN_KEY) || (APP_MACROS as readonly string[]).includes(k));
  if (reserved.length > 0) {
    const names = reserved.map((k) => k.replace(BUILTIN_KEY, ''));
    return new RefusedError('reserved-name', names, reservedNameMessage(names));
  }
  const tables = keys.map((k) => (k === '(session)' ? 'current database' : k));
  return tables.length > 0 ? new RefusedError('app-table', tables, appTableMessage(tables)) : null;
}

function columnsOfRows(rows: Row[]): ResultColumn[] {
  const names = rows.length > 0 ? Object.keys(rows[0]) : [];
  return names.map((name) => ({
    name,
    type: '',
    numeric: rows.length > 0 && rows.slice(0, 200).every((r) => r[name] == null || typeof r[name] === 'number' || typeof r[name] === 'bigint'),
  }));
}

/**
 * `SELECT * FROM (<stmt>) …`, the statement on lines of its own: the newline after it keeps a
 * trailing `--` comment from eating the `)`, the one before it lets asTyped tell DuckDB's errors
 * as for the text typed.
 */
export function wrapQuery(stmt: string, limit?: number): string {
  return `SELECT * FROM (\n${stmt}\n) AS q${limit != null ? ` LIMIT ${Math.floor(limit)}` : ''}`;
}

/** A parser error from wrapping: the statement is not a query (or is malformed). */
const isParserError = (e: unknown) => /^Parser Error/i.test(errorText(e));

/** What one statement gives: a result without the run's totals. */
type One = Omit<WorkbenchResult, 'statements' | 'ms'>;

async function runQuery(engine: Engine, stmt: string, cap: number): Promise<One> {
  const sql = wrapQuery(stmt, cap + 1);
  const rows = await engine.query(sql);
  const described = await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`);
  const columns = described.map((d) => ({ name: d.column_name, type: d.column_type, numeric: NUMERIC_TYPE.test(d.column_type) }));
  const capped = rows.length > cap;
  const total = capped ? Number((await engine.query<{ n: number }>(`SELECT count(*) AS n FROM (\n${stmt}\n) AS q`))[0].n) : rows.length;
  return { columns, rows: capped ? rows.slice(0, cap) : rows, capped, total, query: stmt, wrote: false };
}

async function runGuarded(engine: Engine, stmt: string, cap: number): Promise<One> {
  const word = leadingKeyword(stmt);
  let op: string | null = null;
  try {
    const [plan] = await engine.query<{ explain_value: string }>(`EXPLAIN (FORMAT json)\n${stmt}`);
    const tree = JSON.parse(plan.explain_value) as { name: string }[];
    op = (tree[0]?.name ?? '').trim().toUpperCase();
  } catch (e) {
    // EXPLAIN cannot plan some statement kinds (ATTACH, USE, PRAGMA, EXPLAIN …).
    if (SESSION_WORDS.has(word)) throw new RefusedError('session', [], SESSION_MESSAGE);
    if (!UNPLANNED_OK.has(word)) throw e; // a genuine mistake: DuckDB's own message
  }
  if (op != null && SESSION_OPS.test(op)) throw new RefusedError('session', [], SESSION_MESSAGE);
  const rowsToo = op == null || !DDL_OPS.test(op);

  await engine.exec('BEGIN TRANSACTION');
  let rows: Row[];
  try {
    const before = { names: await namePrint(engine), tables: await tablePrint(engine, rowsToo) };
    rows = await engine.query(stmt);
    const refused = refusal(before.names, await namePrint(engine)) ?? refusal(before.tables, await tablePrint(engine, rowsToo));
    if (refused) throw refused;
    await engine.exec('COMMIT');
  } catch (e) {
    await engine.exec('ROLLBACK').catch(() => {});
    throw e;
  }
  const total = rows.length;
  const capped = total > cap;
  if (capped) rows = rows.slice(0, cap);
  return { columns: columnsOfRows(rows), rows, capped, total, query: null, wrote: true };
}

const queues = new WeakMap<Engine, Promise<unknown>>();
/** One workbench run at a time per engine: a guarded run holds a transaction open. */
function serial<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  const prev = queues.get(engine) ?? Promise.resolve();
  const next = prev.then(work, work);
  queues.set(engine, next.catch(() => {}));
  return next;
}

export interface RunOptions {
  cap?: number;
  /** Aborting it interrupts the statement running and starts no other: the run fails with CancelledError. */
  signal?: AbortSignal;
}

/**
 * `engine` as one run sees it: once `signal` aborts, the statement running is interrupted
 * (Engine.cancel) and no further one starts — except ROLLBACK, so that a cancelled guarded
 * statement is still undone.
 */
function cancellable(engine: Engine, signal: AbortSignal | undefined): Engine {
  if (!signal) return engine;
  signal.addEventListener('abort', () => void engine.cancel(), { once: true });
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    if (signal.aborted) throw new CancelledError();
    try {
      return await work();
    } catch (e) {
      throw signal.aborted ? new CancelledError() : e;
    }
  };
  return {
    ...engine,
    query: (sql, params) => step(() => engine.query(sql, params)),
    exec: (sql) => (sql === 'ROLLBACK' ? engine.exec(sql) : step(() => engine.exec(sql))),
    queryIPC: (sql, params) => step(() => engine.queryIPC(sql, params)),
  };
}

/**
 * Runs a researcher's script statement by statement under the policy above; the result is the last
 * statement's. Throws DuckDB's own error for a mistake (its text as for the statement typed),
 * RefusedError for what the policy forbids and CancelledError when `options.signal` aborts
 * (statements before the refused or cancelled one have run; nothing of that one is kept).
 */
export function runWorkbench(db: Engine, sql: string, options: RunOptions = {}): Promise<WorkbenchResult> {
  const cap = options.cap ?? ROW_CAP;
  const engine = cancellable(db, options.signal);
  return serial(db, async () => {
    const t0 = performance.now();
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new Error('没有可运行的语句 / nothing to run');
    let last: One | null = null;
    let wrote = false;
    for (const stmt of statements) {
      last = null;
      if (QUERY_WORDS.has(leadingKeyword(stmt))) {
        try {
          last = await runQuery(engine, stmt, cap);
        } catch (e) {
          if (!isParserError(e)) throw asTyped(e);
          // Not a plain query after all (`WITH … DELETE`) or malformed: the checked path decides,
          // and a malformed statement fails there with DuckDB's message for the text as typed.
        }
      }
      if (!last) {
        try {
          last = await runGuarded(engine, stmt, cap);
        } catch (e) {
          throw asTyped(e);
        }
      }
      wrote ||= last.wrote;
    }
    const r = last!;
    return { columns: r.columns, rows: r.rows, capped: r.capped, total: r.total, query: r.query, wrote, statements: statements.length, ms: performance.now() - t0 };
  });
}

/** Every row of a read-only query (no cap), for export. */
export function exportRows(engine: Engine, query: string): Promise<Row[]> {
  return serial(engine, () => engine.query(wrapQuery(query)));
}

/** The same rows as Arrow IPC, for Parquet (writeParquetFromIPC). */
export function exportIPC(engine: Engine, query: string): Promise<Uint8Array> {
  return serial(engine, () => engine.queryIPC(wrapQuery(query)));
}

/** Row count of an IPC stream (tests, sanity checks). */
export function ipcRowCount(ipc: Uint8Array): number {
  return tableFromIPC(ipc).numRows;
}

/** A file name for a download: `query-20240501-153012.csv`. */
export function exportFileName(ext: 'csv' | 'parquet', now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `query-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.${ext}`;
}

/** The columns of a result that can be drawn as a y axis. */
export function numericColumns(result: Pick<WorkbenchResult, 'columns' | 'rows'>): string[] {
  return result.columns
    .filter((c) => c.numeric || (c.type === '' && result.rows.slice(0, 200).every((r) => r[c.name] == null || !Number.isNaN(Number(r[c.name])))))
    .map((c) => c.name);
}
