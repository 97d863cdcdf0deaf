// Serves a folder of datasets (`npm run dataset` output) under /datasets/ beside the app, in
// `vite` and `vite preview` when SELFEVAL_DATASETS names the folder — what an intranet web server
// (nginx, IIS) does in production: plain files, with HTTP range requests, on the app's own origin.
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = { '.json': 'application/json; charset=utf-8', '.parquet': 'application/vnd.apache.parquet' };

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → [start, end] inclusive, or null when unsatisfiable. */
export function byteRange(header: string, size: number): [number, number] | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const [start, end] = m[1] === '' ? [Math.max(0, size - Number(m[2])), size - 1] : [Number(m[1]), m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)];
  return start <= end && start < size ? [start, end] : null;
}

export function datasetsHandler(root: string) {
  const base = path.resolve(root);
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    let rel: string;
    try {
      rel = decodeURIComponent((req.url ?? '/').split('?')[0]);
    } catch {
      return next();
    }
    const file = path.join(base, rel);
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return next();
    const size = fs.statSync(file).size;
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    const header = req.headers.range;
    let [start, end] = [0, size - 1];
    if (header) {
      const range = byteRange(header, size);
      if (!range) {
        res.writeHead(416, { 'Content-Range': `bytes */${size}` });
        return res.end();
      }
      [start, end] = range;
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
    } else {
      res.writeHead(200, { 'Content-Length': size });
    }
    if (req.method === 'HEAD' || size === 0) return res.end();
    fs.createReadStream(file, { start, end }).pipe(res);
  };
}
