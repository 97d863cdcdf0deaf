// The yardstick for our CSV ingest: DuckDB-WASM's own CSV reader (`read_csv`) on the same files,
// decoded from GBK to UTF-8 beforehand (it reads no GBK), in the same run. Our ingest does more —
// every cell checked, line numbers and rejects kept, exact money — so the target is a ratio (≥ 0.5×).
// A bare DuckDB-WASM instance of the same build: the app's engines are locked down and read no files.
import fs from 'node:fs';
import { instantiateNodeDuckDB } from '../db/node';
import { median } from './browser';

/** MB/s (of the GBK files' bytes, as the ingest's figure counts them) for read_csv over every file, median of `runs`. */
export async function duckdbReadCsvMbPerS(gbkFiles: readonly string[], runs: number): Promise<number> {
  const db = await instantiateNodeDuckDB();
  const conn = db.connect();
  try {
    const gbk = new TextDecoder('gbk');
    const names = gbkFiles.map((f, i) => {
      const name = `t${i}.csv`;
      db.registerFileBuffer(name, new TextEncoder().encode(gbk.decode(fs.readFileSync(f))));
      return name;
    });
    const bytes = gbkFiles.reduce((a, f) => a + fs.statSync(f).size, 0);
    const ms: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      for (const [i, name] of names.entries()) conn.query(`CREATE OR REPLACE TABLE t${i} AS SELECT * FROM read_csv('${name}')`);
      ms.push(performance.now() - t0);
    }
    return bytes / 2 ** 20 / (median(ms) / 1000);
  } finally {
    conn.close();
    db.reset();
  }
}
