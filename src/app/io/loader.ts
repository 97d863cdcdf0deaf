// Main-thread side of loading: files → ingest worker (read into parts) → loadParts into the browser
// engine, all of one call as one load. While file n is being loaded into DuckDB, the worker is already
// parsing file n+1.
import type { Engine } from '../../db/engine';
import { asOneLoad, loadParts } from '../../ingest/load';
import type { ReadOptions } from '../../ingest/read';
import type { LoadReport, Origin, ParsedFile, Rejected } from '../../ingest/types';
import type { ParseReply, ParseRequest } from './ingest.worker';
import { startIngestWorker } from './workers';

export interface FileInput {
  name: string;
  bytes: Uint8Array;
  origin: Origin;
}

export interface LoadProgress {
  file: string;
  /** 0-based index of the file being worked on, of `count`. */
  index: number;
  count: number;
  phase: 'parse' | 'load';
  /** Overall progress of this batch, 0…1. */
  fraction: number;
}

interface Pending {
  name: string;
  resolve: (parts: ParsedFile[]) => void;
  onProgress: (done: number, total: number) => void;
}

const PARSE_SHARE = 0.7; // of one file's progress bar; the rest is loading into DuckDB

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
const partitions = new Map<number, { resolve: (ipc: Uint8Array) => void; reject: (e: Error) => void }>();

function ingestWorker(): Worker {
  if (worker) return worker;
  worker = startIngestWorker();
  worker.onmessage = (event: MessageEvent<ParseReply>) => {
    const reply = event.data;
    const part = partitions.get(reply.id);
    if (part) {
      partitions.delete(reply.id);
      return reply.type === 'partitions' ? part.resolve(reply.ipc) : part.reject(new Error(reply.type === 'error' ? reply.message : 'unexpected reply'));
    }
    const p = pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') return p.onProgress(reply.done, reply.total);
    pending.delete(reply.id);
    p.resolve(reply.type === 'parsed' ? reply.parts : [refused(p.name, reply.type === 'error' ? reply.message : 'unexpected reply')]);
  };
  worker.onerror = (event) => {
    // The worker itself failed (e.g. could not start): refuse every file still waiting, then start afresh.
    for (const p of pending.values()) p.resolve([refused(p.name, event.message || 'ingest worker failed')]);
    for (const p of partitions.values()) p.reject(new Error(event.message || 'ingest worker failed'));
    pending.clear();
    partitions.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/** A file the worker could not parse at all still shows up, refused with the reason. */
function refused(file: string, reason: string): ParsedFile {
  return { file, table: null, encoding: null, columns: [], rowCount: 0, staged: null, rejected: [{ file, line: null, reason }], rowsRead: 0, notes: [] };
}

function parseInWorker(file: FileInput, options: ReadOptions, onProgress: Pending['onProgress']): Promise<ParsedFile[]> {
  const id = nextId++;
  const result = new Promise<ParsedFile[]>((resolve) => pending.set(id, { name: file.name, resolve, onProgress }));
  // The bytes are not needed here any more: move them instead of copying (a view into a larger
  // buffer is copied first, so that nothing else is moved with it).
  const whole = file.bytes.byteOffset === 0 && file.bytes.byteLength === file.bytes.buffer.byteLength;
  const bytes = whole ? file.bytes : file.bytes.slice();
  const request: ParseRequest = { id, type: 'parse', name: file.name, bytes, options };
  ingestWorker().postMessage(request, [bytes.buffer as ArrayBuffer]);
  return result;
}

/** A dataset's partition files, fetched and decoded in the worker: one Arrow IPC stream back. */
export function readPartitionsInWorker(urls: string[]): Promise<Uint8Array> {
  const id = nextId++;
  const result = new Promise<Uint8Array>((resolve, reject) => partitions.set(id, { resolve, reject }));
  const request: ParseRequest = { id, type: 'partitions', urls };
  ingestWorker().postMessage(request);
  return result;
}

/** Parses and loads `files` in order, as one load; returns what ingest reports, as `loadFiles` does in Node. */
export async function loadInBrowser(
  engine: Engine,
  files: FileInput[],
  options: ReadOptions = {},
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<LoadReport> {
  const count = files.length;
  const tell = (index: number, phase: LoadProgress['phase'], within: number) =>
    onProgress({ file: files[index].name, index, count, phase, fraction: (index + within) / count });
  // Send everything to the worker now; it parses in order while we load what is ready.
  const parsed = files.map((f, i) =>
    parseInWorker(f, options, (done, total) => tell(i, 'parse', total > 0 ? (PARSE_SHARE * done) / total : 0)),
  );
  const rejected: Rejected[] = [];
  const loaded = await asOneLoad(engine, async (loadId) => {
    for (let i = 0; i < count; i++) {
      const parts = await parsed[i];
      tell(i, 'load', PARSE_SHARE);
      rejected.push(...(await loadParts(engine, parts, files[i].origin, loadId)).rejected);
      tell(i, 'load', 1);
    }
  });
  return { files: loaded, rejected };
}
