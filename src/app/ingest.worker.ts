// Parsing off the main thread: bytes in, a ParsedFile (rows staged as Arrow IPC) out, with progress.
// Files are parsed one at a time, in the order they arrive.
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { parseFile } from '../ingest/parse';
import { setParquetWasm } from '../ingest/parquet';
import type { ParsedFile } from '../ingest/types';

export interface ParseRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
}

export type ParseReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'parsed'; parsed: ParsedFile }
  | { id: number; type: 'error'; message: string };

// parquet-wasm fetches its own .wasm from this app's server (same origin), only when a Parquet file comes.
setParquetWasm(wasmUrl);

// The staged Arrow stream is moved, not copied: it can be as large as the file.
const post = (reply: ParseReply, transfer: Transferable[] = []) => self.postMessage(reply, { transfer });
let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<ParseRequest>) => {
  const { id, name, bytes } = event.data;
  queue = queue.then(async () => {
    try {
      const parsed = await parseFile(name, bytes, (done, total) => post({ id, type: 'progress', done, total }));
      post({ id, type: 'parsed', parsed }, parsed.staged ? [parsed.staged.buffer as ArrayBuffer] : []);
    } catch (e) {
      post({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });
};
