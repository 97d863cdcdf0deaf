// Parameters written into SQL as literals, so that a rule's query (which binds its thresholds as `?`
// parameters) can be shown in the workbench as text that runs as it stands. The quoting itself is
// db/sql.ts's literalText; what is added here is only what a textarea and a URL need.
import type { SqlParam } from '../../db/engine';
import { literalText } from '../../db/sql';
import { lexSql } from './lexer';

/**
 * A parameter written as a SQL literal. Numbers bind as DOUBLE in both hosts, so fractions say so;
 * a negative number is parenthesised so that `x-?` never becomes a `--` comment.
 */
export function sqlLiteral(v: SqlParam): string {
  if (typeof v === 'number') {
    const s = Number.isSafeInteger(v) ? literalText(v) : `${literalText(v)}::DOUBLE`;
    return v < 0 ? `(${s})` : s;
  }
  if (typeof v !== 'string') return literalText(v);
  // Control characters (the list separator chr(31)) are spelt out with chr() so the text is visible
  // and survives a textarea and a URL; the rest is quoted as literalText quotes it.
  const parts: string[] = [];
  let text = '';
  for (const ch of v) {
    const code = ch.codePointAt(0)!;
    if (code < 32 || code === 127) {
      if (text) parts.push(literalText(text));
      text = '';
      parts.push(`chr(${code})`);
    } else text += ch;
  }
  if (text || parts.length === 0) parts.push(literalText(text));
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
