// The geometry of a PDF page, free of pdf.js: ruled lines → table grids (column and row boundaries,
// merged cells where a boundary line is missing), and text runs → the cell they sit in.
// Coordinates are PDF points on the page as seen (origin top-left, y down).

/** A horizontal (y1 = y2) or vertical (x1 = x2) ruled line. */
export interface Rule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A piece of text as pdf.js gives it: where its baseline starts, how wide it is, its font size. */
export interface TextRun {
  text: string;
  x: number;
  baseline: number;
  width: number;
  size: number;
}

/** Lines closer than this are one line (a border drawn twice, or as two half-width strokes). */
const SNAP = 2;
/** Shorter straight pieces are lettering or a seal's outline, not table rules. */
const MIN_RULE = 3;
/** A filled rectangle thinner than this is a ruled line; thicker, it is shading. */
const MAX_RULE_WIDTH = 2.5;

const isHorizontal = (r: Rule) => Math.abs(r.y2 - r.y1) <= Math.abs(r.x2 - r.x1);

/** A straight segment as a rule, if it is axis-aligned and long enough. */
export function segmentRule(x1: number, y1: number, x2: number, y2: number): Rule | null {
  const dx = Math.abs(x2 - x1);
  const dy = Math.abs(y2 - y1);
  if (Math.max(dx, dy) < MIN_RULE || Math.min(dx, dy) > 0.5) return null;
  return dx >= dy
    ? { x1: Math.min(x1, x2), x2: Math.max(x1, x2), y1: (y1 + y2) / 2, y2: (y1 + y2) / 2 }
    : { x1: (x1 + x2) / 2, x2: (x1 + x2) / 2, y1: Math.min(y1, y2), y2: Math.max(y1, y2) };
}

/** A filled axis-aligned rectangle as a rule along its long side, if it is thin enough to be one. */
export function filledRule(x1: number, y1: number, x2: number, y2: number): Rule | null {
  const [left, right] = [Math.min(x1, x2), Math.max(x1, x2)];
  const [top, bottom] = [Math.min(y1, y2), Math.max(y1, y2)];
  const w = right - left;
  const h = bottom - top;
  if (Math.min(w, h) > MAX_RULE_WIDTH || Math.max(w, h) < MIN_RULE) return null;
  return w >= h ? { x1: left, x2: right, y1: (top + bottom) / 2, y2: (top + bottom) / 2 } : { x1: (left + right) / 2, x2: (left + right) / 2, y1: top, y2: bottom };
}

/** Positions within SNAP of each other as one (their mean), sorted. */
function snap(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length && v - group[group.length - 1] > SNAP) {
      out.push(group.reduce((s, x) => s + x, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length) out.push(group.reduce((s, x) => s + x, 0) / group.length);
  return out;
}

/** The rules that touch each other, as groups: each group with a box of lines is one table. */
export function tableRuleGroups(rules: Rule[]): Rule[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const h = rules.map((r, i) => [r, i] as const).filter(([r]) => isHorizontal(r));
  const v = rules.map((r, i) => [r, i] as const).filter(([r]) => !isHorizontal(r));
  for (const [a, i] of h) {
    for (const [b, j] of v) {
      const touches = b.x1 >= a.x1 - SNAP && b.x1 <= a.x2 + SNAP && a.y1 >= b.y1 - SNAP && a.y1 <= b.y2 + SNAP;
      if (touches) parent[find(i)] = find(j);
    }
  }
  // Collinear pieces of one line (a border drawn cell by cell) belong together: the left border
  // beside a cell merged down crosses no line, yet is the same table's.
  const chain = (pieces: (readonly [Rule, number])[], vertical: boolean) => {
    const key = (r: Rule) => (vertical ? [r.x1, r.y1, r.y2] : [r.y1, r.x1, r.x2]);
    const sorted = [...pieces].sort(([a], [b]) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
    for (let k = 1; k < sorted.length; k++) {
      for (let m = k - 1; m >= 0 && key(sorted[k][0])[0] - key(sorted[m][0])[0] <= SNAP; m--) {
        const [a, b] = [key(sorted[m][0]), key(sorted[k][0])];
        if (b[1] <= a[2] + SNAP && a[1] <= b[2] + SNAP) parent[find(sorted[k][1])] = find(sorted[m][1]);
      }
    }
  };
  chain(h, false);
  chain(v, true);
  const collect = () => {
    const groups = new Map<number, Rule[]>();
    rules.forEach((r, i) => {
      const g = groups.get(find(i)) ?? [];
      g.push(r);
      groups.set(find(i), g);
    });
    return groups;
  };
  const isTable = (g: Rule[]) => snap(g.filter(isHorizontal).map((r) => r.y1)).length >= 2 && snap(g.filter((r) => !isHorizontal(r)).map((r) => r.x1)).length >= 2;
  // A column at a table's side whose cell runs through a whole page (a merged cell, or the void
  // a short row leaves inside the table's border) has no line across it there: its outer border
  // touches nothing, yet runs exactly from the table's top to its bottom. It is that table's.
  const groups = collect();
  const tables = [...groups].filter(([, g]) => isTable(g)).map(([root, g]) => ({ root, ...extent(g) }));
  for (const [root, g] of groups) {
    if (g.some(isHorizontal)) continue;
    const line = extent(g);
    if (line.right - line.left > SNAP) continue;
    const beside = tables
      .filter((t) => Math.abs(t.top - line.top) <= SNAP && Math.abs(t.bottom - line.bottom) <= SNAP && (line.left > t.right + SNAP || line.right < t.left - SNAP))
      .sort((a, b) => gap(a, line) - gap(b, line))[0];
    if (beside) parent[find(root)] = find(beside.root);
  }
  return [...collect().values()].filter(isTable);
}

function extent(rules: Rule[]): { left: number; right: number; top: number; bottom: number } {
  return {
    left: Math.min(...rules.map((r) => r.x1)),
    right: Math.max(...rules.map((r) => r.x2)),
    top: Math.min(...rules.map((r) => r.y1)),
    bottom: Math.max(...rules.map((r) => r.y2)),
  };
}

const gap = (t: { left: number; right: number }, line: { left: number; right: number }) => Math.max(line.left - t.right, t.left - line.right);

export interface LayoutCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/** A table rebuilt from its lines: boundaries, and the cells they enclose. */
export interface TableLayout {
  xs: number[];
  ys: number[];
  cells: LayoutCell[];
  /** For each position, the index in `cells` of the cell covering it. */
  owner: number[][];
}

/** Does some rule in `rules` (all on one line at `at`) cover the point `along` of that line? */
const covers = (rules: Rule[], at: number, along: number, vertical: boolean) =>
  rules.some((r) =>
    vertical
      ? Math.abs(r.x1 - at) <= SNAP && r.y1 - SNAP <= along && along <= r.y2 + SNAP
      : Math.abs(r.y1 - at) <= SNAP && r.x1 - SNAP <= along && along <= r.x2 + SNAP,
  );

/**
 * The grid a group of rules draws. Column boundaries are every vertical line's x, row boundaries
 * every horizontal line's y; two neighbouring positions are one (merged) cell where the line
 * between them is missing.
 */
export function layoutTable(rules: Rule[]): TableLayout {
  const h = rules.filter(isHorizontal);
  const v = rules.filter((r) => !isHorizontal(r));
  // A table without side borders still ends where its horizontal lines end.
  const xs = snap([...v.map((r) => r.x1), Math.min(...h.map((r) => r.x1)), Math.max(...h.map((r) => r.x2))]);
  const ys = snap([...h.map((r) => r.y1), Math.min(...v.map((r) => r.y1)), Math.max(...v.map((r) => r.y2))]);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const wallRight = (r: number, c: number) => c + 1 >= cols || covers(v, xs[c + 1], (ys[r] + ys[r + 1]) / 2, true);
  const wallBelow = (r: number, c: number) => r + 1 >= rows || covers(h, ys[r + 1], (xs[c] + xs[c + 1]) / 2, false);
  const owner = Array.from({ length: rows }, () => new Array<number>(cols).fill(-1));
  const cells: LayoutCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (owner[r][c] >= 0) continue;
      let colSpan = 1;
      while (!wallRight(r, c + colSpan - 1) && owner[r][c + colSpan] < 0) colSpan++;
      let rowSpan = 1;
      const open = (rr: number) => {
        for (let k = c; k < c + colSpan; k++) if (wallBelow(rr, k) || owner[rr + 1][k] >= 0) return false;
        return true;
      };
      while (open(r + rowSpan - 1)) rowSpan++;
      for (let rr = r; rr < r + rowSpan; rr++) for (let k = c; k < c + colSpan; k++) owner[rr][k] = cells.length;
      cells.push({ row: r, col: c, rowSpan, colSpan });
    }
  }
  return { xs, ys, cells, owner };
}

/** Where a run's letters sit vertically: its middle, a little above the baseline. */
const middle = (t: TextRun) => t.baseline - 0.35 * t.size;

export function containsRun(layout: TableLayout, t: TextRun): boolean {
  const x = t.x + t.width / 2;
  const y = middle(t);
  return x >= layout.xs[0] && x <= layout.xs[layout.xs.length - 1] && y >= layout.ys[0] && y <= layout.ys[layout.ys.length - 1];
}

const indexIn = (bounds: number[], v: number) => {
  let i = 0;
  while (i < bounds.length - 2 && v >= bounds[i + 1]) i++;
  return i;
};

/**
 * A run that crosses a cell wall (pdf.js joins glyphs of one font into one run, and two
 * neighbouring cells can share a font) is cut at the wall, sharing its width by characters.
 */
function splitAtWalls(layout: TableLayout, t: TextRun): TextRun[] {
  const r = indexIn(layout.ys, middle(t));
  const chars = Array.from(t.text);
  const per = t.width / chars.length;
  const pieces: TextRun[] = [];
  let start = 0;
  for (let i = 1; i < chars.length; i++) {
    const at = t.x + i * per;
    const c = indexIn(layout.xs, at - per / 2);
    const next = indexIn(layout.xs, at + per / 2);
    if (next !== c && layout.owner[r][c] !== layout.owner[r][next]) {
      pieces.push({ ...t, text: chars.slice(start, i).join(''), x: t.x + start * per, width: (i - start) * per });
      start = i;
    }
  }
  pieces.push({ ...t, text: chars.slice(start).join(''), x: t.x + start * per, width: (chars.length - start) * per });
  return pieces;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/**
 * A cell's visual lines as its text. A line that runs up to the cell's right wall (within two
 * letters and the padding: a comma may not start a line, so the letter before it moves down with
 * it) was wrapped there by the layout, and the next line goes on: after or
 * before a Chinese character directly (Chinese has no spaces), otherwise after a space. A line
 * ending short of the wall was broken by its author: a \n, as a label broken over lines is.
 */
function cellText(lines: TextLine[], right: number): string {
  let text = '';
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (prev) {
      const wrapped = right - prev.right < 2.5 * prev.size;
      text += !wrapped ? '\n' : CJK.test(prev.text.slice(-1)) || CJK.test(line.text[0]) ? '' : ' ';
    }
    text += line.text;
  });
  return text;
}

/** Each cell's text: its runs in reading order, its visual lines joined as cellText says. */
export function cellTexts(layout: TableLayout, runs: TextRun[]): string[] {
  const byCell: TextRun[][] = layout.cells.map(() => []);
  for (const run of runs) {
    for (const piece of splitAtWalls(layout, run)) {
      const c = indexIn(layout.xs, piece.x + piece.width / 2);
      const r = indexIn(layout.ys, middle(piece));
      byCell[layout.owner[r][c]].push(piece);
    }
  }
  return byCell.map((rs, i) => cellText(textLines(rs), layout.xs[layout.cells[i].col + layout.cells[i].colSpan]));
}

export interface TextLine {
  text: string;
  /** Top of the line's letters, for ordering lines among tables. */
  top: number;
  x: number;
  /** Where its last letter ends, and its letters' size. */
  right: number;
  size: number;
}

/**
 * Runs grouped into visual lines (baselines within half a letter of each other), top to bottom;
 * within a line left to right, with a space where the gap is wider than a narrow space.
 */
export function textLines(runs: TextRun[]): TextLine[] {
  const sorted = [...runs].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const lines: TextRun[][] = [];
  for (const run of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(run.baseline - line[0].baseline) <= 0.5 * Math.max(run.size, line[0].size)) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let text = '';
    line.forEach((run, i) => {
      const prev = line[i - 1];
      if (prev && run.x - (prev.x + prev.width) > 0.15 * Math.max(run.size, prev.size)) text += ' ';
      text += run.text;
    });
    const top = Math.min(...line.map((r) => r.baseline - r.size));
    const last = line[line.length - 1];
    return { text, top, x: line[0].x, right: last.x + last.width, size: Math.max(...line.map((r) => r.size)) };
  });
}
