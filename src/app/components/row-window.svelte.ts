// The rows of a long list (a province's forms ranking) fetched from DuckDB a block at a time, as a
// VirtualTable scrolls over them, instead of all at once: the count first, then only the blocks
// around the rows in view.
//
// A fetch starts once the view has stayed put for a moment, one at a time, each for what is in view
// when it starts: dragging the scrollbar over the middle neither queues up the blocks it passed nor
// keeps the database worker busy (on a 2-core machine that worker takes the CPU the page needs to
// paint). Blocks far from view are forgotten, so scrolling the whole list does not keep it.
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { Engine } from '../../db/engine';
import { data, engineForQuery } from '../state/session.svelte';

const BLOCK = 200;
/** How long the view must stay put before its rows are fetched (ms). */
const SETTLE = 120;
/** Blocks kept at most (the ones in view are never dropped). */
const KEEP = 25;

export class RowWindow<D, T> {
  /** Rows in the whole list; undefined until the first count arrives (kept while a new one runs). */
  total = $state<number | undefined>(undefined);
  error = $state<string | null>(null);
  /** Counted once per question (new deps, new data): a table keyed on it starts again at the top. */
  generation = $state(0);
  #blocks = new SvelteMap<number, T[]>();
  #view = $state<[number, number]>([0, 0]);
  #counted = $state(false);
  #fetching = false;
  #settling: ReturnType<typeof setTimeout> | undefined;
  #deps!: D;
  #run: (engine: Engine, deps: D, offset: number, limit: number) => Promise<T[]>;

  constructor(
    deps: () => D,
    count: (engine: Engine, deps: D) => Promise<number>,
    run: (engine: Engine, deps: D, offset: number, limit: number) => Promise<T[]>,
  ) {
    this.#run = run;
    $effect(() => {
      const d = deps();
      void data.version;
      const generation = untrack(() => {
        this.#deps = d;
        this.#blocks.clear();
        this.#counted = false;
        this.#view = [0, 0];
        return ++this.generation;
      });
      engineForQuery()
        .then((e) => count(e, d))
        .then(
          (n) => {
            if (generation !== this.generation) return;
            this.total = n;
            this.error = null;
            this.#counted = true;
            void this.#pump();
          },
          (err: unknown) => this.#fail(generation, err),
        );
      // A fetch waiting for the old view, or for a view that is gone, is not wanted.
      return () => clearTimeout(this.#settling);
    });
  }

  /** Row `index`, or undefined while its block is being fetched. */
  row(index: number): T | undefined {
    return this.#blocks.get(Math.floor(index / BLOCK))?.[index % BLOCK];
  }

  /** The rows [from, to) are in view: fetch what of them is missing. */
  show(from: number, to: number): void {
    this.#view = [from, to];
    clearTimeout(this.#settling);
    this.#settling = setTimeout(() => void this.#pump(), SETTLE);
  }

  /** Whether the count or a row in view is still being fetched. */
  get pending(): boolean {
    if (!this.#counted) return true;
    const [from, to] = this.#view;
    for (let b = Math.floor(from / BLOCK); b * BLOCK < Math.min(to, this.total ?? 0); b++) if (!this.#blocks.has(b)) return true;
    return false;
  }

  #fail(generation: number, err: unknown): void {
    if (generation === this.generation) this.error = err instanceof Error ? err.message : String(err);
  }

  /** The blocks in view (and within half a block of it, so a slow scroll finds its next rows ready). */
  #wanted(): number[] {
    const [from, to] = this.#view;
    const end = Math.min(this.total ?? 0, to + BLOCK / 2);
    const out: number[] = [];
    for (let b = Math.floor(Math.max(0, from - BLOCK / 2) / BLOCK); b * BLOCK < end; b++) out.push(b);
    return out;
  }

  async #pump(): Promise<void> {
    if (this.#fetching || !this.#counted) return;
    const wanted = this.#wanted();
    const missing = wanted.filter((b) => !this.#blocks.has(b));
    if (missing.length === 0) return;
    // The missing blocks in view are contiguous but for a kept one between them: fetch the span.
    const [first, last] = [missing[0], missing[missing.length - 1]];
    const generation = this.generation;
    const deps = this.#deps;
    this.#fetching = true;
    let failed = false;
    try {
      const rows = await this.#run(await engineForQuery(), deps, first * BLOCK, (last - first + 1) * BLOCK);
      if (generation === this.generation) {
        for (let b = first; b <= last; b++) this.#blocks.set(b, rows.slice((b - first) * BLOCK, (b - first + 1) * BLOCK));
        this.#forget(wanted);
      }
    } catch (err) {
      // Asked again only when the view moves or the question changes: at once it would only fail again.
      failed = generation === this.generation;
      this.#fail(generation, err);
    }
    this.#fetching = false;
    // Whatever came into view (or a new question) while this one ran.
    if (!failed) void this.#pump();
  }

  /** Drops the oldest blocks out of view beyond KEEP. */
  #forget(wanted: number[]): void {
    for (const b of this.#blocks.keys()) {
      if (this.#blocks.size <= KEEP) return;
      if (!wanted.includes(b)) this.#blocks.delete(b);
    }
  }
}
