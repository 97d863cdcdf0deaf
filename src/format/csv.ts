// CSV for people who open it in Excel on a Chinese Windows: UTF-8 with a BOM (without it Excel
// reads GBK and shows mojibake), CRLF, RFC 4180 quoting — and no cell that Excel would run as a
// formula. Department and indicator names come from untrusted files: a name such as
// `=HYPERLINK(...)` or `@SUM(...)` must arrive as text.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Neutralises a cell Excel would evaluate, by the OWASP rule: prefix a single quote. Numbers stay numbers. */
export function guardFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[], headers: string[] = columns): string {
  const cell = (v: unknown) => {
    if (v == null) return '';
    const s = Array.isArray(v) ? v.join('；') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return quote(guardFormula(s));
  };
  const lines = [headers.map((h) => quote(guardFormula(h))).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export function csvBytes(columns: string[], rows: Record<string, unknown>[], headers?: string[]): Uint8Array {
  return new TextEncoder().encode(toCsv(columns, rows, headers));
}
