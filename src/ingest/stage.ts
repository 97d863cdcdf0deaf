// Converted rows → one Arrow IPC stream of text columns (plus source_line), the form in which
// DuckDB takes them. Built straight from buffers: Arrow's builders compile code with `new Function`,
// which the app's Content-Security-Policy (no 'unsafe-eval') forbids — and this is faster anyway.
import { Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';

const encoder = new TextEncoder();

/** Arrow's validity bitmap (bit set = present) of a column, calling `present` for each value there. */
function validity<T>(values: (T | null)[], present: (v: T, i: number) => void): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v == null) nullCount++;
    else {
      nullBitmap[i >> 3] |= 1 << (i & 7);
      present(v, i);
    }
  });
  return { nullBitmap, nullCount };
}

function utf8Vector(values: (string | null)[]): Vector<Utf8> {
  const valueOffsets = new Int32Array(values.length + 1);
  // One buffer for the column, encoded in place: a UTF-16 unit never takes more than 3 UTF-8 bytes.
  let capacity = 0;
  for (const v of values) if (v != null) capacity += v.length * 3;
  const bytes = new Uint8Array(capacity);
  let offset = 0;
  const { nullBitmap, nullCount } = validity(values, (v, i) => {
    offset += encoder.encodeInto(v, bytes.subarray(offset)).written;
    valueOffsets[i + 1] = offset;
  });
  // A null keeps the previous end offset (an empty slot).
  for (let i = 1; i <= values.length; i++) if (values[i - 1] == null) valueOffsets[i] = valueOffsets[i - 1];
  return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount, nullBitmap, valueOffsets, data: bytes.subarray(0, offset) }));
}

function int32Vector(values: (number | null)[]): Vector<Int32> {
  const data = new Int32Array(values.length);
  const { nullBitmap, nullCount } = validity(values, (v, i) => (data[i] = v));
  return makeVector(makeData({ type: new Int32(), length: values.length, nullCount, nullBitmap, data }));
}

/** Text columns and integer columns (nullable) as one Arrow IPC stream. */
export function columnsIPC(text: Record<string, (string | null)[]>, ints: Record<string, (number | null)[]> = {}): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of Object.entries(text)) vectors[name] = utf8Vector(values);
  for (const [name, values] of Object.entries(ints)) vectors[name] = int32Vector(values);
  return tableToIPC(new Table(vectors), 'stream');
}

/** Column-major text cells and their source lines as an IPC stream. */
export function stageIPC(columns: string[], cells: (string | null)[][], lines: number[]): Uint8Array {
  return columnsIPC(Object.fromEntries(columns.map((c, i) => [c, cells[i]])), { source_line: lines });
}
