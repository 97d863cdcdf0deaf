// CSV records, one at a time, with recovery. Written here rather than taken from papaparse because
// papaparse cannot honour what bad input needs: it settles on one line-end style per file (mixed
// LF / CR / CRLF merge rows), and an unterminated quote swallows the rest of the file. This reader
// treats every LF, CR and CRLF as a line end, lets a quoted cell span lines, and when a record is
// malformed it gives up on that record's first line only and starts again at the next one.
//
// Speed: a line without a quote is cut with native indexOf + split; only lines holding a quote go
// through the field-by-field path.

export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const QUOTE = 34;
const LF = 10;
const CR = 13;

export type CsvRecord =
  | { ok: true; cells: string[]; line: number; lastLine: number }
  | { ok: false; reason: string; line: number };

export const REASON_UNTERMINATED = '引号未闭合：此行以引号开始的单元格直到文件末尾都没有结束引号';
export const REASON_STRAY_QUOTE = '引号位置不对：结束引号后紧跟其他字符（单元格内的引号应写成两个 ""）';

export class CsvReader {
  /** Where the next record starts, and its editor line (first line = 1). */
  pos: number;
  line: number;
  private readonly len: number;
  private readonly delimCode: number;
  // Next LF, CR and quote at or after some earlier position; each only ever searched forward.
  private lf = -1;
  private cr = -1;
  private quote = -1;
  // Start of the last record read, to restart after its first line when it turns out malformed.
  private recordStart = 0;
  private recordLine = 1;

  constructor(
    private readonly text: string,
    private readonly delim: Delimiter,
    pos = 0,
    line = 1,
  ) {
    this.pos = pos;
    this.line = line;
    this.len = text.length;
    this.delimCode = delim.charCodeAt(0);
  }

  get done(): boolean {
    return this.pos >= this.len;
  }

  private find(ch: string, from: number): number {
    const i = this.text.indexOf(ch, from);
    return i < 0 ? this.len : i;
  }

  private lineEnd(from: number): number {
    if (this.lf < from) this.lf = this.find('\n', from);
    if (this.cr < from) this.cr = this.find('\r', from);
    return this.lf < this.cr ? this.lf : this.cr;
  }

  /** Index just past the line end at `e` (CRLF is one line end). */
  private after(e: number): number {
    return this.text.charCodeAt(e) === CR && this.text.charCodeAt(e + 1) === LF ? e + 2 : e + 1;
  }

  /** Reads the record starting at `pos`. A malformed one leaves `pos` at the next physical line. */
  read(): CsvRecord {
    const s = this.pos;
    const line = this.line;
    this.recordStart = s;
    this.recordLine = line;
    const e = this.lineEnd(s);
    if (this.quote < s) this.quote = this.find('"', s);
    if (this.quote >= e) {
      this.pos = e >= this.len ? this.len : this.after(e);
      this.line = line + 1;
      return { ok: true, cells: this.text.slice(s, e).split(this.delim), line, lastLine: line };
    }
    return this.readQuoted(s, line);
  }

  /** Moves to the next physical line, whatever the current one holds. */
  skipLine(): void {
    this.recordStart = this.pos;
    this.recordLine = this.line;
    this.restartAfterFirstLine();
  }

  /** Gives up the record just read after its first line: the next read starts on the line below it. */
  restartAfterFirstLine(): void {
    const e = Math.min(this.find('\r', this.recordStart), this.find('\n', this.recordStart));
    this.pos = e >= this.len ? this.len : this.after(e);
    this.line = this.recordLine + 1;
    // The caches may point past line ends between here and where the failed record ended.
    this.lf = this.cr = this.quote = -1;
  }

  private readQuoted(s: number, line: number): CsvRecord {
    const text = this.text;
    const cells: string[] = [];
    let i = s;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) return this.fail(REASON_UNTERMINATED);
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        cells.push(value);
        const c = text.charCodeAt(i);
        if (c === this.delimCode) {
          i++;
          continue;
        }
        if (i >= this.len || c === LF || c === CR) return this.finish(cells, s, i, line);
        return this.fail(REASON_STRAY_QUOTE);
      }
      // Unquoted: a quote inside it is a literal character, as Excel reads it.
      const e = this.lineEnd(i);
      const d = text.indexOf(this.delim, i);
      if (d < 0 || d > e) {
        cells.push(text.slice(i, e));
        return this.finish(cells, s, e, line);
      }
      cells.push(text.slice(i, d));
      i = d + 1;
    }
  }

  private finish(cells: string[], s: number, e: number, line: number): CsvRecord {
    // Line ends inside quoted cells move the line count on.
    let inner = 0;
    for (let k = s; k < e; k++) {
      const c = this.text.charCodeAt(k);
      if (c === LF || (c === CR && this.text.charCodeAt(k + 1) !== LF)) inner++;
    }
    this.pos = e >= this.len ? this.len : this.after(e);
    this.line = line + inner + 1;
    return { ok: true, cells, line, lastLine: line + inner };
  }

  private fail(reason: string): CsvRecord {
    this.restartAfterFirstLine();
    return { ok: false, reason, line: this.recordLine };
  }
}
