// A result column's cells read straight from its Arrow buffers. `Vector.get(i)` finds the chunk
// holding row i and dispatches on the type for every cell, and decodes each text with a TextDecoder
// call: for a result of thousands of rows (the department ranking, ~5,900 in a province) that was
// most of turning it into rows. Integers, floats and texts are read here chunk by chunk; any other
// type goes through get(), so every value is the one Arrow itself gives.
import { DataType, Precision, type Data, type Vector } from 'apache-arrow';

const decoder = new TextDecoder();

/** Texts up to this many bytes are decoded in JavaScript: a TextDecoder call costs more than the loop. */
const SHORT = 64;

/**
 * The UTF-8 text of bytes[start, end), as TextDecoder gives it. Short well-formed text is decoded
 * here; anything else (long, or a byte sequence that is not well-formed UTF-8, which TextDecoder
 * replaces by U+FFFD) is left to TextDecoder.
 */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > SHORT) return decoder.decode(bytes.subarray(start, end));
  let s = '';
  for (let i = start; i < end; ) {
    const b = bytes[i];
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
      continue;
    }
    // The well-formed sequences (Unicode 15, table 3-7): a lead byte, then n continuation bytes, the
    // first of which may be narrowed [lo, hi] (no overlong forms, no surrogates, nothing past U+10FFFF).
    let n: number;
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      cp = b & 0x07;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      return decoder.decode(bytes.subarray(start, end));
    }
    if (i + n >= end) return decoder.decode(bytes.subarray(start, end)); // cut short
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c < lo || c > hi) return decoder.decode(bytes.subarray(start, end));
      cp = (cp << 6) | (c & 0x3f);
      lo = 0x80;
      hi = 0xbf;
    }
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}

/** A chunk's value at i, when it is not null, for the types read from their buffers; undefined for the others. */
function reader(data: Data): ((i: number) => unknown) | undefined {
  const type = data.type;
  if (DataType.isInt(type) || (DataType.isFloat(type) && type.precision !== Precision.HALF)) {
    // Int64 values are a BigInt64Array: bigints, as get() gives them.
    const values = data.values as ArrayLike<number | bigint>;
    return (i) => values[i];
  }
  if (DataType.isUtf8(type)) {
    const { values, valueOffsets } = data as Data & { valueOffsets: Int32Array };
    return (i) => utf8Text(values as Uint8Array, valueOffsets[i], valueOffsets[i + 1]);
  }
  return undefined;
}

/** The cells of `column` in order, null where null: what `column.get(i)` gives for each i. */
export function columnValues(column: Vector): unknown[] {
  const out: unknown[] = new Array(column.length);
  let at = 0;
  for (const data of column.data) {
    const read = reader(data);
    const nulls = data.nullCount > 0;
    for (let i = 0; i < data.length; i++) {
      if (read === undefined) out[at + i] = column.get(at + i);
      else out[at + i] = nulls && !data.getValid(i) ? null : read(i);
    }
    at += data.length;
  }
  return out;
}
