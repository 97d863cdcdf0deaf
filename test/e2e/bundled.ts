// The bundled data as the app loads it, loaded the same way in Node: what every browser test
// compares the page against (one truth: same files, same ingest, same SQL).
import fs from 'node:fs';
import path from 'node:path';
import { analyse } from '../../src/analysis/analyse';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles, type InputFile } from '../../src/ingest/load';
import type { Origin } from '../../src/ingest/types';

/** The bundled files as src/app/io/bundled.ts lists them: seed CSVs, then sample Parquet, by name. */
export function bundledFromDisk(): InputFile[] {
  const folder = (dir: string, ext: string, origin: Origin) => {
    const abs = path.resolve('data', dir);
    if (!fs.existsSync(abs)) return [];
    return fs
      .readdirSync(abs)
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((f) => ({ name: `${dir}/${f}`, bytes: new Uint8Array(fs.readFileSync(path.join(abs, f))), origin }));
  };
  return [...folder('seed', '.csv', 'real'), ...folder('sample', '.parquet', 'sample')];
}

/** A Node engine holding the bundled data, analysed as the app does after loading. */
export async function nodeWithBundled(): Promise<Engine> {
  const engine = await openNodeEngine();
  await loadFiles(engine, bundledFromDisk());
  await analyse(engine);
  return engine;
}
