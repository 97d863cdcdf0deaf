// Bytes → text. Chinese Excel writes GBK/GB18030; everything else is UTF-8 (with or without BOM).
// TextDecoder('gb18030') never throws — it would turn UTF-8 into silent mojibake — so UTF-8 is
// tried strictly first and GB18030 is only the fallback (STACK_NOTES.md, "Encodings").

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const gb18030 = new TextDecoder('gb18030');

export function decodeText(bytes: Uint8Array): Decoded {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    if (bom) return { text: utf8.decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: gb18030.decode(bytes), encoding: 'gb18030' };
  }
}

export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}
