// The workspace kept in this browser: what was loaded, as the steps that loaded it, so that the next
// visit replays them through the normal loader and ends with the same tables. The steps are a log —
// the bundled data, one pick or drop (its files' bytes, their paths and the batch's options), a file
// removed, 清空 — because replacements and fill-down depend on the order and grouping of loads: a log
// replayed in order gives the same rows, rejects and bookkeeping as the session that wrote it.
// IndexedDB, not DuckDB on OPFS: the files are the input the app knows how to read, their bytes are
// kept once (DuckDB's tables and the analysis are rebuilt from them), and OPFS file handles are taken
// by one tab at a time, which a second tab of the app would fight over.
import type { ReadOptions } from '../../ingest/read';

/** One file of a pick, as it was loaded: its path and bytes. */
export interface KeptFile {
  name: string;
  bytes: Uint8Array;
}

export type WorkspaceStep =
  | { kind: 'bundled'; savedAt?: string }
  | { kind: 'files'; files: KeptFile[]; options: ReadOptions; savedAt: string }
  | { kind: 'remove'; file: string }
  | { kind: 'clear' };

const DB = 'selfeval-lens';
const STORE = 'workspace';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    // Keys are autoincremented: their order is the order of the steps.
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

/** Runs `work` in one transaction and resolves when it is committed (a write that resolves is on disk for the next visit). */
async function transaction<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** The steps kept, in order; empty on a first visit. */
export async function keptSteps(): Promise<WorkspaceStep[]> {
  return (await transaction<WorkspaceStep[]>('readonly', (s) => s.getAll() as IDBRequest<WorkspaceStep[]>)) ?? [];
}

/** Adds a step. 清空 also drops every step before it: the files it removes are no longer kept. */
export async function keepStep(step: WorkspaceStep): Promise<void> {
  await transaction('readwrite', (s) => {
    if (step.kind === 'clear') s.clear();
    s.add(step);
  });
}

/** The user's own files kept after `step`, by path: what the page says it keeps. */
export function keptAfter(names: ReadonlySet<string>, step: WorkspaceStep): Set<string> {
  if (step.kind === 'clear') return new Set();
  const next = new Set(names);
  if (step.kind === 'files') for (const f of step.files) next.add(f.name);
  else if (step.kind === 'remove') next.delete(step.file);
  return next;
}
