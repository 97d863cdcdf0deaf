// Converted rows → one Arrow IPC stream of text columns (plus source_line), the form in which
// DuckDB takes them. Built straight from buffers: Arrow's builders compile code with `new Function`,
// which the app's Content-Security-Policy (no 'unsafe-eval') forbids — and this is faster anyway.
// A file's rows are encoded as they are taken (StagedRows): a province's export then costs its
// UTF-8 bytes while it is read, not a JavaScript string per cell held to its end.
import { Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';

const encoder = new TextEncoder();

function grown<A extends Uint8Array | Int32Array>(a: A, need: number): A {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Writes `s` as UTF-8 at `at` (room for 3 bytes per UTF-16 unit assumed); returns the end. As
 * TextEncoder does, a lone surrogate becomes U+FFFD. Short cells (nearly all of them) are written
 * here: a TextEncoder call per cell costs more than the cell.
 */
function writeUtf8(s: string, bytes: Uint8Array, at: number): number {
  if (s.length > 64) return at + encoder.encodeInto(s, bytes.subarray(at)).written;
  for (let k = 0; k < s.length; k++) {
    let c = s.charCodeAt(k);
    if (c < 0x80) bytes[at++] = c;
    else if (c < 0x800) {
      bytes[at++] = 0xc0 | (c >> 6);
      bytes[at++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = s.charCodeAt(k + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          k++;
          bytes[at++] = 0xf0 | (cp >> 18);
          bytes[at++] = 0x80 | ((cp >> 12) & 0x3f);
          bytes[at++] = 0x80 | ((cp >> 6) & 0x3f);
          bytes[at++] = 0x80 | (cp & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      bytes[at++] = 0xe0 | (c >> 12);
      bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}

/** Arrow's validity bitmap (bit set = present), grown as values come. */
class Validity {
  bits = new Uint8Array(64);
  nulls = 0;
  mark(i: number, present: boolean): void {
    if (i >> 3 >= this.bits.length) this.bits = grown(this.bits, (i >> 3) + 1);
    if (present) this.bits[i >> 3] |= 1 << (i & 7);
    else this.nulls++;
  }
  /** The bitmap of `length` values. */
  bitmap(length: number): Uint8Array {
    return this.bits.subarray(0, (length + 7) >> 3);
  }
}

/** A nullable text column, UTF-8 encoded as its values are pushed. */
class TextColumn {
  #bytes = new Uint8Array(1 << 12);
  #offsets = new Int32Array(256);
  #validity = new Validity();
  #end = 0;
  length = 0;

  push(v: string | null): void {
    const i = this.length++;
    if (v != null) {
      // A UTF-16 unit never takes more than 3 UTF-8 bytes.
      if (this.#end + v.length * 3 > this.#bytes.length) this.#bytes = grown(this.#bytes, this.#end + v.length * 3);
      this.#end = writeUtf8(v, this.#bytes, this.#end);
    }
    this.#validity.mark(i, v != null);
    if (i + 2 > this.#offsets.length) this.#offsets = grown(this.#offsets, i + 2);
    // A null keeps the previous end offset (an empty slot).
    this.#offsets[i + 1] = this.#end;
  }

  vector(): Vector<Utf8> {
    const { length } = this;
    return makeVector(makeData({
      type: new Utf8(), length, nullCount: this.#validity.nulls, nullBitmap: this.#validity.bitmap(length),
      valueOffsets: this.#offsets.subarray(0, length + 1), data: this.#bytes.subarray(0, this.#end),
    }));
  }
}

/** A nullable INTEGER column. */
class IntColumn {
  #data = new Int32Array(256);
  #validity = new Validity();
  length = 0;

  push(v: number | null): void {
    const i = this.length++;
    if (i >= this.#data.length) this.#data = grown(this.#data, i + 1);
    if (v != null) this.#data[i] = v;
    this.#validity.mark(i, v != null);
  }

  vector(): Vector<Int32> {
    const { length } = this;
    return makeVector(makeData({ type: new Int32(), length, nullCount: this.#validity.nulls, nullBitmap: this.#validity.bitmap(length), data: this.#data.subarray(0, length) }));
  }
}

const ipcOf = (columns: Record<string, TextColumn | IntColumn>) =>
  tableToIPC(new Table(Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, c.vector() as Vector]))), 'stream');

/** Text columns and integer columns (nullable) as one Arrow IPC stream. */
export function columnsIPC(text: Record<string, readonly (string | null)[]>, ints: Record<string, readonly (number | null)[]> = {}): Uint8Array {
  const columns: Record<string, TextColumn | IntColumn> = {};
  for (const [name, values] of Object.entries(text)) {
    const column = (columns[name] = new TextColumn());
    for (const v of values) column.push(v);
  }
  for (const [name, values] of Object.entries(ints)) {
    const column = (columns[name] = new IntColumn());
    for (const v of values) column.push(v);
  }
  return ipcOf(columns);
}

/** Column-major text cells and their source lines as an IPC stream. */
export function stageIPC(columns: string[], cells: (string | null)[][], lines: number[]): Uint8Array {
  return columnsIPC(Object.fromEntries(columns.map((c, i) => [c, cells[i]])), { source_line: lines });
}

/** A file's taken rows, staged as they come: its text columns and each row's source line. */
export class StagedRows {
  readonly #columns: TextColumn[];
  readonly #lines = new IntColumn();

  constructor(readonly names: readonly string[]) {
    this.#columns = names.map(() => new TextColumn());
  }

  push(cells: readonly (string | null)[], line: number): void {
    for (let c = 0; c < this.#columns.length; c++) this.#columns[c].push(cells[c] ?? null);
    this.#lines.push(line);
  }

  ipc(): Uint8Array {
    return ipcOf({ ...Object.fromEntries(this.names.map((n, i) => [n, this.#columns[i]])), source_line: this.#lines });
  }
}
