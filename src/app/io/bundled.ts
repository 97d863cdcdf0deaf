// The data that ships with the app: the real seed department and the generated county sample.
// Vite emits each file as an asset and gives its URL; either folder may be empty.
import type { FileInput } from './loader';
import type { Origin } from '../../ingest/types';

const seed = import.meta.glob<string>('/data/seed/*.csv', { query: '?url', import: 'default', eager: true });
const sample = import.meta.glob<string>('/data/sample/*.parquet', { query: '?url', import: 'default', eager: true });

/** Seed first, then sample, each in file-name order; named like `seed/evaluations.csv`. */
export function bundledList(): { name: string; url: string; origin: Origin }[] {
  const list = (urls: Record<string, string>, origin: Origin) =>
    Object.keys(urls)
      .sort()
      .map((path) => ({ name: path.replace(/^\/data\//, ''), url: urls[path], origin }));
  return [...list(seed, 'real'), ...list(sample, 'sample')];
}

export async function fetchBundled(): Promise<FileInput[]> {
  return Promise.all(
    bundledList().map(async ({ name, url, origin }) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      return { name, bytes: new Uint8Array(await res.arrayBuffer()), origin };
    }),
  );
}
