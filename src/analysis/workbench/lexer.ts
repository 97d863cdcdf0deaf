// Lexing researcher SQL: only enough to split statements and find `?` placeholders outside strings
// and comments (the workbench's run and its rule examples). Not a parser: DuckDB decides what a
// statement is (write-policy.ts).

export interface Piece {
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
