// Word-level differences between two cells' texts, for the side-by-side comparison. Chinese has no
// spaces between words, so a "word" is one Han character, a run of Latin letters, a number (with its
// decimals and %), a run of spaces, or any other single character; the two token lists are aligned by
// their longest common subsequence, so a copied sentence with one number changed shows just that number.

export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

const TOKEN = /\p{Script=Han}|[\p{L}\p{M}]+|\d+(?:[.,]\d+)*%?|\s+|[^]/gu;

export function tokens(s: string): string[] {
  return s.match(TOKEN) ?? [];
}

/** Above this many token pairs a cell is compared whole (a wall of text is either the same or not). */
const MAX_CELLS = 250_000;

/**
 * The parts of `a` and `b`: 'same' in both, 'removed' only in a, 'added' only in b, in order.
 * Joining the same+removed parts gives `a` back, same+added gives `b`.
 */
export function wordDiff(a: string, b: string): DiffPart[] {
  if (a === b) return a === '' ? [] : [{ kind: 'same', text: a }];
  const x = tokens(a);
  const y = tokens(b);
  if (x.length * y.length > MAX_CELLS) return [...(a ? [{ kind: 'removed' as const, text: a }] : []), ...(b ? [{ kind: 'added' as const, text: b }] : [])];
  // lcs[i][j]: the common subsequence length of x[i..] and y[j..]
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      push('same', x[i++]);
      j++;
    } else if (i < x.length && (j === y.length || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) push('removed', x[i++]);
    else push('added', y[j++]);
  }
  return parts;
}
