// The SQL view's own connection to the app's database (analysis/workbench/write-policy.ts, point 4): what a
// researcher types runs there, so its TEMP objects, transactions and cancellations never reach the
// connection on which the app loads, analyses and draws the views.
import type { Engine } from '../../db/engine';
import { engineForQuery } from './session.svelte';

let own: Promise<Engine> | null = null;

/** The SQL view's connection, once the current view's data is in (a dataset loads partitions first). */
export function sqlConnection(): Promise<Engine> {
  return engineForQuery().then((app) => {
    own ??= app.connect().catch((e: unknown) => {
      own = null; // let a later run try again
      throw e;
    });
    return own;
  });
}
