// The app's one engine and what has been loaded into it. Every view re-queries when `data.version`
// changes (a load, a clear) or when what its query reads from the URL changes.
import { untrack } from 'svelte';
import { openBrowserEngine } from '../../db/browser';
import type { Engine } from '../../db/engine';
import { explainFailure } from '../../format/memory';
import { i18n } from './lang.svelte';

let engine: Promise<Engine> | null = null;

/** Opens DuckDB-WASM once, on first use. */
export function getEngine(): Promise<Engine> {
  engine ??= openBrowserEngine();
  return engine;
}

export const data = $state({ version: 0 });

/**
 * Awaited before every query: with a dataset opened partition by partition, it loads what the
 * current view needs first, and says when rows came in (dataChanged). It reads the route untracked:
 * a query re-runs when its own dependencies change, not on every change of the URL; one whose answer
 * new partitions could change re-runs because the data did.
 */
let gate: () => Promise<unknown> = () => Promise.resolve();
export function setQueryGate(g: () => Promise<unknown>): void {
  gate = g;
}

/** The engine once the current view's data is in: what every query of a view runs on. */
export function engineForQuery(): Promise<Engine> {
  return untrack(gate).then(getEngine);
}

/** Tells every view that the tables changed. */
export function dataChanged(): void {
  data.version++;
}

/**
 * A query a view shows: re-run whenever `deps` (read synchronously from the URL/state) or the data
 * change; an answer that arrives after a newer question was asked is dropped.
 */
export class Query<D, T> {
  value = $state.raw<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(true);
  #asked = 0;

  constructor(deps: () => D, run: (engine: Engine, deps: D) => Promise<T>) {
    $effect(() => {
      const d = deps();
      void data.version;
      const ticket = ++this.#asked;
      this.loading = true;
      engineForQuery()
        // Superseded while the gate loaded partitions (which re-asks every query): run nothing.
        .then((e) => (ticket === this.#asked ? run(e, d) : undefined))
        .then(
          (v) => {
            if (ticket !== this.#asked) return;
            this.value = v;
            this.error = null;
          },
          (err: unknown) => {
            if (ticket !== this.#asked) return;
            this.error = explainFailure(err instanceof Error ? err.message : String(err), i18n.lang);
          },
        )
        .finally(() => {
          if (ticket === this.#asked) this.loading = false;
        });
    });
  }
}
