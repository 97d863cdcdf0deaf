// No request leaves the origin, whatever the web server sends. The built app is served here by a
// static server that sends no headers at all (no CSP header: only the page's <meta> policy), and a
// second local server on another port stands for "another host". Two layers must each hold:
// 1. every worker runs under the page's policy (started from a blob: URL, src/app/io/workers.ts):
//    a fetch from inside each worker to the other port is blocked;
// 2. DuckDB itself refuses remote paths (db/engine.ts NO_REMOTE_SQL): read_csv('http://…') typed in
//    the SQL view, or arriving in a link and then run, is refused before any request.
// The other server must see no request at all.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, offOrigin, type Session } from './browser';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', process.env.E2E_DIST ?? 'dist');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.csv': 'text/csv', '.parquet': 'application/octet-stream' };

/** Like `python3 -m http.server`: files and a Content-Type, no other header. */
function bareServer(root: string): http.Server {
  return http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
}

const listen = (server: http.Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

let app: http.Server;
let other: http.Server;
let origin: string;
let remote: string;
/** Every request the other server saw. */
const seen: string[] = [];
let session: Session;

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: run \`vite build\` first.`);
  app = bareServer(DIST);
  other = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Access-Control-Allow-Origin': '*' }).end('a,b\n1,2\n');
  });
  origin = await listen(app);
  remote = await listen(other);
  session = await launch();
});

afterAll(async () => {
  await session?.close();
  app?.close();
  other?.close();
});

/** Opens the SQL view at `search` and waits until the data is in (运行 enabled). */
async function openSql(search: string): Promise<void> {
  await session.page.goto(`${origin}/${search}`);
  await session.page.waitForSelector('[data-testid=sql-run]:not([disabled])', { timeout: 180_000 });
}

async function runTyped(sql: string): Promise<string> {
  const { page } = session;
  await page.fill('[data-testid=sql-editor]', sql);
  await page.click('[data-testid=sql-run]');
  await page.waitForSelector('[data-testid=sql-error]', { timeout: 60_000 });
  return (await page.textContent('[data-testid=sql-error]')) ?? '';
}

describe('offline under a server that sends no headers', () => {
  it('the server really sends no CSP header', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await res.text()).toContain('Content-Security-Policy'); // the <meta> policy only
  });

  it('every worker runs under the page’s policy: a fetch from inside it to another host is blocked', { timeout: 240_000 }, async () => {
    await openSql('?view=sql');
    const workers = session.page.workers();
    expect(workers.length).toBeGreaterThanOrEqual(2); // DuckDB's and the ingest worker
    for (const w of workers) {
      expect(w.url()).toMatch(/^blob:/);
      const outcome = await w.evaluate(async (url) => {
        try {
          await fetch(url);
          return 'fetched';
        } catch (e) {
          return `blocked: ${String(e)}`;
        }
      }, `${remote}/from-worker.csv`);
      expect(outcome, w.url()).toMatch(/^blocked/);
    }
    expect(seen).toEqual([]);
  });

  it.each([
    (r: string) => `SELECT * FROM read_csv('${r}/typed.csv')`,
    (r: string) => `FROM '${r}/replacement-scan.csv'`,
    (r: string) => `SELECT * FROM read_text('${r}/text.txt')`,
    (r: string) => `SELECT * FROM read_csv('${r.replace('http:', 'https:')}/secure.csv')`,
    (r: string) => `CREATE TABLE stolen AS SELECT * FROM read_csv('${r}/into-table.csv')`,
  ])('DuckDB refuses a remote path typed in the SQL view (%#)', { timeout: 120_000 }, async (sql) => {
    const message = await runTyped(sql(remote));
    expect(message).toMatch(/Permission Error: Cannot access file/);
    expect(seen).toEqual([]);
  });

  it('a link with remote SQL shows it, runs nothing, and is refused when run', { timeout: 240_000 }, async () => {
    const sql = `SELECT * FROM read_csv('${remote}/from-link.csv')`;
    await openSql(`?view=sql&sql=${encodeURIComponent(sql)}`);
    const { page } = session;
    expect(await page.inputValue('[data-testid=sql-editor]')).toBe(sql);
    await page.waitForTimeout(1000);
    expect(await page.locator('[data-testid=result-count]').count()).toBe(0);
    expect(await page.locator('[data-testid=sql-error]').count()).toBe(0);
    await page.click('[data-testid=sql-run]');
    await page.waitForSelector('[data-testid=sql-error]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=sql-error]')).toMatch(/Permission Error: Cannot access file/);
    expect(seen).toEqual([]);
  });

  it('the app itself still loads and queries its data, and nothing left the origin', async () => {
    const { page } = session;
    await page.fill('[data-testid=sql-editor]', 'SELECT count(*) > 0 AS loaded FROM evaluations');
    await page.click('[data-testid=sql-run]');
    await page.waitForSelector('[data-testid=result-count]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=sql-grid] tbody td:nth-child(2)')).toBe('true');
    expect(offOrigin(session.requests, origin)).toEqual([]);
    expect(seen).toEqual([]);
  });
});
