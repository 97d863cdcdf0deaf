// A GBK encoder. Node can decode GB18030 (TextDecoder) but encodes nothing but UTF-8, and Excel on
// a Chinese Windows writes GBK, so the sample can be written that way too. The table is built once
// by decoding every two-byte GBK code (lead 0x81–0xFE, trail 0x40–0xFE) and inverting the result.

let table: Uint16Array | null = null;

function encodeTable(): Uint16Array {
  if (table) return table;
  const t = new Uint16Array(65536);
  const decoder = new TextDecoder('gb18030');
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const s = decoder.decode(pair);
      if (s.length !== 1) continue;
      const code = s.charCodeAt(0);
      if (code < 0x80 || code === 0xfffd || t[code] !== 0) continue; // first code wins, as in CP936
      t[code] = (lead << 8) | trail;
    }
  }
  table = t;
  return t;
}

/** Encodes text as GBK; throws on a character GBK cannot hold (nothing is silently replaced). */
export function encodeGbk(text: string): Uint8Array {
  const t = encodeTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    const gbk = t[code];
    if (gbk === 0) throw new Error(`character ${JSON.stringify(text[i])} (U+${code.toString(16).toUpperCase()}) has no GBK code`);
    out[n++] = gbk >> 8;
    out[n++] = gbk & 0xff;
  }
  return out.subarray(0, n);
}
