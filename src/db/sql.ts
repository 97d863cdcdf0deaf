// SQL fragments that carry their own parameters. A query is written as one tagged template:
//
//   sql`SELECT * FROM ${ident(table)} WHERE year IN (${list(years)}) AND ${where}`
//
// - a plain value (string, number, boolean, null) becomes a `?` and travels as a parameter;
// - a fragment (another sql`…`, or raw() of SQL we wrote) is spliced in with its parameters, in order;
// - ident() is an identifier, always double-quoted with embedded quotes doubled;
// - literal() is a value inlined as SQL text, for the few places a `?` cannot go (DDL, CREATE VIEW,
//   an expression repeated inside the statement).
// Nothing else can be interpolated, so user text cannot become SQL by accident.
import type { SqlParam } from './engine';

/** A piece of SQL and its `?` parameters, in order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: SqlParam[];
}

class Fragment implements SqlFragment {
  constructor(
    readonly sql: string,
    readonly params: SqlParam[],
  ) {}
  toString(): string {
    return this.sql;
  }
}

class Identifier {
  constructor(readonly quoted: string) {}
}

class Literal {
  constructor(readonly text: string) {}
}

export type SqlValue = SqlParam | SqlFragment | Identifier | Literal;

function isFragment(v: unknown): v is SqlFragment {
  return v instanceof Fragment || (typeof v === 'object' && v !== null && typeof (v as SqlFragment).sql === 'string' && Array.isArray((v as SqlFragment).params));
}

function isParam(v: unknown): v is SqlParam {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** The tagged template: see the head of this file. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment {
  let text = strings[0];
  const params: SqlParam[] = [];
  values.forEach((v, i) => {
    if (v instanceof Identifier) text += v.quoted;
    else if (v instanceof Literal) text += v.text;
    else if (isFragment(v)) {
      text += v.sql;
      params.push(...v.params);
    } else if (isParam(v)) {
      text += '?';
      params.push(v);
    } else throw new TypeError(`sql: cannot interpolate ${typeof v} ${String(v)}`);
    text += strings[i + 1];
  });
  return new Fragment(text, params);
}

/** SQL text of our own code (a constant, never user input), as a fragment without parameters. */
export function raw(text: string): SqlFragment {
  return new Fragment(text, []);
}

/** An identifier, double-quoted, embedded `"` doubled; several parts give a qualified name (`"main"."t"`). */
export function ident(...parts: string[]): Identifier {
  if (parts.length === 0) throw new TypeError('ident: no name');
  return new Identifier(parts.map((p) => `"${p.replaceAll('"', '""')}"`).join('.'));
}

/** `v` as SQL literal text: 'it''s', 12, TRUE, NULL. A number must be finite. */
export function literalText(v: SqlParam): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`literal: ${v} is not a finite number`);
    return String(v);
  }
  return `'${v.replaceAll("'", "''")}'`;
}

/** A value inlined as SQL text where a `?` cannot go. */
export function literal(v: SqlParam): Literal {
  return new Literal(literalText(v));
}

/** Fragments (or values) joined by `separator` (SQL text of our own), parameters in order. */
export function join(parts: readonly SqlValue[], separator = ', '): SqlFragment {
  const strings = parts.length === 0 ? [''] : ['', ...parts.slice(1).map(() => separator), ''];
  return sql(Object.assign(strings, { raw: strings }), ...parts);
}

/**
 * An integer parameter that travels as an INTEGER: `CAST(? AS INTEGER)`. DuckDB-WASM binds every
 * JS number as a DOUBLE, and an INTEGER column compared with a DOUBLE is cast on every row (a year
 * filter then costs about twice its scan). For values compared with INTEGER columns (years).
 */
export function integer(v: number): SqlFragment {
  if (!Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1) throw new TypeError(`integer: ${v} is not a 32-bit integer`);
  return sql`CAST(${v} AS INTEGER)`;
}

/** Values as a parameter list for `IN (…)`: `?, ?, ?`. */
export function list(values: readonly SqlParam[]): SqlFragment {
  return join(values);
}

/** One named step of a stepwise query: what a CTE of its WITH, or a TEMP table, holds. */
export interface QueryStep {
  readonly name: string;
  readonly query: SqlFragment;
}

/**
 * A query written as named steps and a final SELECT over them. As a fragment it is the one
 * statement `WITH step AS (…), … final`, which every engine runs; `steps` and `final` let a runner
 * materialise the steps as TEMP tables first instead (Engine.stepsAsTables). DuckDB keeps a CTE
 * that is read more than once in memory, where it cannot spill; a table can.
 */
export interface StepwiseQuery extends SqlFragment {
  readonly steps: readonly QueryStep[];
  readonly final: SqlFragment;
}

export function withSteps(steps: readonly QueryStep[], final: SqlFragment): StepwiseQuery {
  if (steps.length === 0) throw new TypeError('withSteps: no steps');
  const names = new Set<string>();
  for (const s of steps) {
    if (!/^[a-z_][a-z0-9_]*$/.test(s.name) || names.has(s.name)) throw new TypeError(`withSteps: bad or repeated step name "${s.name}"`);
    names.add(s.name);
  }
  const ctes = join(steps.map((s) => sql`${raw(s.name)} AS (${s.query}
)`), ',\n');
  const whole = sql`WITH ${ctes}\n${final}`;
  return Object.assign(new Fragment(whole.sql, whole.params), { steps, final });
}

export function isStepwise(q: SqlFragment): q is StepwiseQuery {
  return Array.isArray((q as StepwiseQuery).steps);
}
