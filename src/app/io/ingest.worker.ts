// Parsing off the main thread: bytes in, the file's parts (ParsedFiles, rows staged as Arrow IPC) out, with progress.
// Files are parsed one at a time, in the order they arrive. A dataset's partition files (already
// clean, written by `npm run dataset`) are fetched here too and come back as Arrow IPC, several at once.
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { readFile, type ReadOptions } from '../../ingest/read';
import { concatIPC, readParquetUrlIPC, setParquetWasm } from '../../ingest/parquet';
import type { ParsedFile } from '../../ingest/types';

export type ParseRequest =
  | { id: number; type: 'parse'; name: string; bytes: Uint8Array; options: ReadOptions }
  | { id: number; type: 'partitions'; urls: string[] };

export type ParseReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'parsed'; parts: ParsedFile[] }
  | { id: number; type: 'partitions'; ipc: Uint8Array }
  | { id: number; type: 'error'; message: string };

// parquet-wasm fetches its own .wasm from this app's server (same origin), only when a Parquet file comes.
setParquetWasm(wasmUrl);

// The staged Arrow stream is moved, not copied: it can be as large as the file.
const post = (reply: ParseReply, transfer: Transferable[] = []) => self.postMessage(reply, { transfer });
let queue: Promise<void> = Promise.resolve();

const fail = (id: number, e: unknown) => post({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });

self.onmessage = (event: MessageEvent<ParseRequest>) => {
  const request = event.data;
  if (request.type === 'partitions') {
    Promise.all(request.urls.map(readParquetUrlIPC))
      .then(concatIPC)
      .then((ipc) => post({ id: request.id, type: 'partitions', ipc }, [ipc.buffer as ArrayBuffer]), (e) => fail(request.id, e));
    return;
  }
  const { id, name, bytes, options } = request;
  queue = queue.then(async () => {
    try {
      const parts = await readFile(name, bytes, options, (done, total) => post({ id, type: 'progress', done, total }));
      post({ id, type: 'parsed', parts }, parts.flatMap((p) => (p.staged ? [p.staged.buffer as ArrayBuffer] : [])));
    } catch (e) {
      fail(id, e);
    }
  });
};
