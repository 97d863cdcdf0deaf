// Node-only: turn paths given on a command line into the files ingest takes.
import fs from 'node:fs';
import path from 'node:path';
import type { InputFile } from './load';
import type { Origin } from './types';
import { READABLE_NAME } from './sniff';

/** Files and folders (recursively: exports and documents, READABLE_NAME), in a stable order. Throws on a missing path. */
export function collectPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        const child = path.join(p, name);
        if (fs.statSync(child).isDirectory() || READABLE_NAME.test(name)) walk(child);
      }
    } else out.push(p);
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`路径不存在 / no such file or folder: ${p}`);
    walk(p);
  }
  return out;
}

/**
 * The generator writes truth.csv (its planted faults) beside the tables it generates, so a file next
 * to one is 示例 (sample) data: what is built from it (a dataset, a notice) is never taken for real.
 */
export const originOnDisk = (file: string): Origin => (fs.existsSync(path.join(path.dirname(file), 'truth.csv')) ? 'sample' : 'own');

/** The files at `paths`, of the given origin, or else of the origin their folder shows (originOnDisk). */
export function readInputFiles(paths: string[], origin?: Origin): InputFile[] {
  return collectPaths(paths).map((p) => ({ name: p, bytes: new Uint8Array(fs.readFileSync(p)), origin: origin ?? originOnDisk(p) }));
}
