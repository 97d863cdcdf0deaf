// Seeded randomness. Every department draws from its own stream, derived from the run seed and
// the department's place in the province, so a county's data does not depend on how many
// counties come before it or on the order modules ask for numbers.

/** FNV-1a over a string: turns a stream label into 32 bits of seed material. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32: small, fast, and well distributed; state is four 32-bit words. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(
    private readonly seed: number,
    private readonly label = '',
  ) {
    this.a = hash32(`a:${seed}:${label}`);
    this.b = hash32(`b:${seed}:${label}`);
    this.c = hash32(`c:${seed}:${label}`);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next(); // mix the seed material before use
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A few distinct items, in the order they appear in `items` (stable output order). */
  sample<T>(items: readonly T[], count: number): T[] {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx
      .slice(0, Math.min(count, items.length))
      .sort((x, y) => x - y)
      .map((i) => items[i]);
  }

  /** An independent stream named after this one's label: draws made here never shift the child's. */
  fork(label: string): Rng {
    return new Rng(this.seed, `${this.label}/${label}`);
  }
}
