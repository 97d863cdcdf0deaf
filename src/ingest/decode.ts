// Bytes → text. Chinese Excel writes GBK/GB18030; everything else is UTF-8 (with or without BOM),
// or UTF-16 when Excel saves "Unicode 文本". TextDecoder('gb18030') without `fatal` never throws —
// it would turn UTF-8 into silent mojibake — so UTF-8 is tried strictly first and GB18030 is only
// the fallback (STACK_NOTES.md, "Encodings"). A file that is not valid UTF-8 as a whole is decoded
// line by line: files get appended to by different tools, and one GBK line must not turn the
// UTF-8 lines around it into mojibake (or the reverse). A line valid in neither encoding, or one
// carrying control bytes, is never decoded into a guess: it is reported as a bad line instead.

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-8+gb18030' | 'utf-16le' | 'utf-16be';

export interface Decoded {
  text: string;
  encoding: Encoding;
  /**
   * Lines (editor numbering, first line = 1) that are not text: undecodable, or binary. Their
   * content is left out of `text` (the line end stays, so every other line keeps its number).
   */
  badLines: Map<number, string>;
  /** Things worth saying about the decoding (mixed encodings). */
  notes: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/**
 * Characters no text line of a form carries: C0 controls other than tab/LF/CR, DEL, and U+FFFD
 * (the mark an earlier tool left where it could not decode). Loading them would put binary or
 * mojibake into tables and into the messages that quote cells.
 */
const BINARY = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/;
/** GB18030 maps its user-defined areas to the Private Use Area: text that decodes there is not GBK. */
const PRIVATE_USE = /[\ue000-\uf8ff]/;
/**
 * Scripts a Chinese form does not use but GBK bytes read as UTF-8 produce (Latin Extended to Greek
 * Extended, Yi, Hangul, private use, specials): a line that is valid in both encodings and reads as
 * these in UTF-8 is GBK.
 */
const UNLIKELY_IN_UTF8 = /[\u0100-\u1fff\u2c00-\u2dff\ua000-\uf8ff\ufff0-\uffff]/;

export const REASON_UNDECODABLE = '编码无法识别：此行既不是有效的 UTF-8，也不是有效的 GBK/GB18030';
export const REASON_BINARY = '此行含有控制字符或替换字符 U+FFFD，是二进制内容或此前已被错误转码的文本';

export type TextKind = 'text' | 'utf16le' | 'utf16be';

export function decodeText(bytes: Uint8Array, kind: TextKind = 'text'): Decoded {
  if (kind !== 'text') return markBinaryLines(new TextDecoder(kind === 'utf16le' ? 'utf-16le' : 'utf-16be').decode(bytes), kind === 'utf16le' ? 'utf-16le' : 'utf-16be');
  // DOS tools end a file with Ctrl-Z: an end marker, not a line of data.
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0x1a) bytes = bytes.subarray(0, bytes.length - 1);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return decodeByLine(body);
  }
  return markBinaryLines(text, bom ? 'utf-8-bom' : 'utf-8');
}

/** Blanks the lines of decoded text that carry binary characters (rare: only then is the text rebuilt). */
function markBinaryLines(text: string, encoding: Encoding): Decoded {
  const badLines = new Map<number, string>();
  if (!BINARY.test(text)) return { text, encoding, badLines, notes: [] };
  const parts = text.split(/(\r\n|\r|\n)/);
  for (let i = 0; i < parts.length; i += 2) {
    if (BINARY.test(parts[i])) {
      badLines.set(i / 2 + 1, REASON_BINARY);
      parts[i] = '';
    }
  }
  return { text: parts.join(''), encoding, badLines, notes: [] };
}

/** A finder of the next CR or LF at or after a position that only moves forward (native indexOf, each byte searched once). */
function lineEnds(b: Uint8Array): (from: number) => number {
  const find = (byte: number, from: number) => {
    const i = b.indexOf(byte, from);
    return i < 0 ? b.length : i;
  };
  let lf = -1;
  let cr = -1;
  return (from) => {
    if (lf < from) lf = find(0x0a, from);
    if (cr < from) cr = find(0x0d, from);
    return Math.min(lf, cr);
  };
}

type LineClass = 'ascii' | 'utf8' | 'other';

/** Whether bytes[start, end) is well-formed UTF-8, and whether it is plain ASCII. */
function classify(b: Uint8Array, start: number, end: number): LineClass {
  let ascii = true;
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    ascii = false;
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return 'other';
    if (i + n >= end) return 'other';
    const c1 = b[i + 1];
    if (c1 < lo || c1 > hi) return 'other';
    for (let k = 2; k <= n; k++) {
      const ck = b[i + k];
      if (ck < 0x80 || ck > 0xbf) return 'other';
    }
    i += n + 1;
  }
  return ascii ? 'ascii' : 'utf8';
}

/**
 * Per line: strict UTF-8 when the line is UTF-8 (unless it only reads as scripts no form uses and
 * is also valid GBK), else strict GB18030; neither → a bad line. Line ends (CR, LF) are the same
 * bytes in both encodings and never occur inside a multi-byte character, so lines split cleanly.
 * Consecutive lines of one encoding are decoded in one call (a GBK file is one call, not one per line).
 */
function decodeByLine(b: Uint8Array): Decoded {
  const out: string[] = [];
  const badLines = new Map<number, string>();
  let utf8Lines = 0;
  let gbLines = 0;
  // The current run of lines that share a decoder: [runStart, runEnd) in bytes.
  let run: 'utf8' | 'gb' | null = null;
  let runStart = 0;
  let runFirstLine = 1;
  const flush = (runEnd: number) => {
    if (run == null || runEnd <= runStart) return;
    const bytes = b.subarray(runStart, runEnd);
    if (run === 'utf8') out.push(utf8.decode(bytes));
    else {
      let text: string | null;
      try {
        text = gb18030.decode(bytes);
      } catch {
        text = null;
      }
      // A run that fails (or reads into private use) is decoded again line by line to find the culprits.
      if (text == null || PRIVATE_USE.test(text)) text = decodeGbLines(bytes, runFirstLine, badLines);
      out.push(text);
    }
  };
  const lineEnd = lineEnds(b);
  let line = 1;
  let s = 0;
  const n = b.length;
  while (s <= n) {
    const e = lineEnd(s);
    const next = e >= n ? n + 1 : b[e] === 0x0d && b[e + 1] === 0x0a ? e + 2 : e + 1;
    const cls = classify(b, s, e);
    let want: 'utf8' | 'gb' | null = null;
    if (cls === 'utf8') {
      want = 'utf8';
      if (UNLIKELY_IN_UTF8.test(utf8.decode(b.subarray(s, e)))) {
        try {
          if (!PRIVATE_USE.test(gb18030.decode(b.subarray(s, e)))) want = 'gb';
        } catch {
          // Not GBK either: UTF-8 it is, however unusual.
        }
      }
    } else if (cls === 'other') want = 'gb';
    if (want === 'utf8') utf8Lines++;
    else if (want === 'gb') gbLines++;
    if (want != null && want !== run) {
      // ASCII lines before the first decided line join that first run.
      if (run != null) {
        flush(s);
        runStart = s;
        runFirstLine = line;
      }
      run = want;
    }
    s = next;
    line++;
  }
  flush(n);
  gbLines -= badLines.size;
  const decoded = markBinaryLines(out.join(''), utf8Lines > 0 && gbLines > 0 ? 'utf-8+gb18030' : 'gb18030');
  for (const [l, reason] of badLines) decoded.badLines.set(l, reason);
  if (decoded.encoding === 'utf-8+gb18030') {
    decoded.notes.push(`文件混有两种编码，已逐行识别：UTF-8 ${utf8Lines} 行，GBK/GB18030 ${gbLines} 行`);
  }
  return decoded;
}

/** GB18030 line by line; lines that fail (or land in private use) are left empty and recorded. */
function decodeGbLines(b: Uint8Array, firstLine: number, badLines: Map<number, string>): string {
  const parts: string[] = [];
  let line = firstLine;
  let s = 0;
  const n = b.length;
  const lineEnd = lineEnds(b);
  while (s < n) {
    const e = lineEnd(s);
    const next = e >= n ? n : b[e] === 0x0d && b[e + 1] === 0x0a ? e + 2 : e + 1;
    let text: string | null;
    try {
      text = gb18030.decode(b.subarray(s, e));
      if (PRIVATE_USE.test(text)) text = null;
    } catch {
      text = null;
    }
    if (text == null) badLines.set(line, REASON_UNDECODABLE);
    parts.push(text ?? '', String.fromCharCode(...b.subarray(e, next)));
    s = next;
    line++;
  }
  return parts.join('');
}
