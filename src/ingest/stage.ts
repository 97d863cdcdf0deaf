// Converted rows → one Arrow IPC stream of text columns (plus source_line), the form in which
// DuckDB takes them. Built straight from buffers: Arrow's builders compile code with `new Function`,
// which the app's Content-Security-Policy (no 'unsafe-eval') forbids — and this is faster anyway.
import { Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';

const encoder = new TextEncoder();

function utf8Vector(values: (string | null)[]): Vector<Utf8> {
  const n = values.length;
  const encoded = values.map((v) => (v == null ? null : encoder.encode(v)));
  const valueOffsets = new Int32Array(n + 1);
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  let total = 0;
  for (const e of encoded) if (e) total += e.length;
  const bytes = new Uint8Array(total);
  let offset = 0;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const e = encoded[i];
    if (e == null) nullCount++;
    else {
      nullBitmap[i >> 3] |= 1 << (i & 7);
      bytes.set(e, offset);
      offset += e.length;
    }
    valueOffsets[i + 1] = offset;
  }
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount, nullBitmap, valueOffsets, data: bytes }));
}

/** Column-major text cells and their source lines as an IPC stream. */
export function stageIPC(columns: string[], cells: (string | null)[][], lines: number[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  columns.forEach((c, i) => (vectors[c] = utf8Vector(cells[i])));
  vectors.source_line = makeVector(makeData({ type: new Int32(), length: lines.length, nullCount: 0, data: Int32Array.from(lines) }));
  return tableToIPC(new Table(vectors), 'stream');
}
