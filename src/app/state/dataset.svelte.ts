// A dataset served by an intranet web server (`?dataset=URL`, written by `npm run dataset`): the
// page fetches its manifest, then only the partition files the current view and filters need —
// each once, read with HTTP range requests in the ingest worker. The cached analysis comes with
// the files; when the thresholds in the URL or the rule catalogue differ from those it was
// computed with, every partition is loaded and the rules run here instead.
import { setViewCache } from '../../analysis/queries/cache-state';
import { prepareTables } from '../../analysis/prepare';
import { RULES } from '../../analysis/rules/index';
import type { Filters } from '../../analysis/queries/filters';
import { DatasetSession } from '../../dataset/load';
import { OPEN_TABLES, VIEW_TABLES } from '../../dataset/views';
import { ANALYSIS_TABLES, MANIFEST, fileUrl, parseManifest, rulesFingerprint, type DatasetManifest, type DatasetTable } from '../../dataset/manifest';
import { DATA_TABLES } from '../../db/schema';
import { readPartitionsInWorker } from '../io/loader';
import { getEngine } from './session.svelte';
import { parseUrl, type View } from './url';

/** Relative to the page; the CSP (connect-src 'self') keeps it on this origin. */
export const datasetUrl: string | null = parseUrl(location.search).dataset;

export const dataset = $state({
  manifest: null as DatasetManifest | null,
  /** The rules ran in this page (other thresholds than the dataset's): its cached analysis is not used. */
  analysedHere: false,
  /** When this page opened it (ISO), for the summaries' provenance line. */
  openedAt: null as string | null,
});

let session: DatasetSession | null = null;
// One load at a time: two views asking for the same partition must not insert it twice.
let queue: Promise<unknown> = Promise.resolve();

function serially<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work);
  queue = next.catch(() => undefined);
  return next;
}

// Views may ask before the app has started opening the dataset: they wait for the opening from the first.
let opened: () => void = () => {};
const opening: Promise<void> | null = datasetUrl ? new Promise((resolve) => (opened = resolve)) : null;

/** Fetches the manifest and the tables every view needs whole; views wait for it. */
export async function openDataset(url: string, settings: readonly string[]): Promise<void> {
  try {
    await open(url, settings);
  } finally {
    opened();
  }
}

async function open(url: string, settings: readonly string[]): Promise<void> {
  const engine = getEngine(); // DuckDB starts while the manifest comes
  const response = await fetch(new URL(MANIFEST, new URL(url.replace(/\/?$/, '/'), location.href)));
  if (!response.ok) throw new Error(`数据集清单无法读取 / cannot read the dataset manifest: HTTP ${response.status}`);
  const manifest = parseManifest(await response.json());
  const base = new URL(url.replace(/\/?$/, '/'), location.href).href;
  session = new DatasetSession(manifest, await engine, (files) => readPartitionsInWorker(files.map((f) => fileUrl(base, f.path))));
  dataset.manifest = manifest;
  dataset.openedAt = new Date().toISOString();
  const tables = fromFiles(OPEN_TABLES, settings);
  await load(tables);
  // The views read their cache (queries/cache.ts) only once every table of it is in.
  if (manifest.viewCache && tables.includes('form_facts')) setViewCache(await engine, manifest.viewCache);
}

/** `tables` without the cached analysis when it does not answer (other thresholds, or computed here). */
function fromFiles(tables: readonly DatasetTable[], settings: readonly string[]): DatasetTable[] {
  const cached = !dataset.analysedHere && cachedAnalysisFits(settings);
  return tables.filter((t) => cached || !ANALYSIS_TABLES.includes(t));
}

/** Forgets the dataset ("start over"): the tables are emptied by the caller. */
export function closeDataset(): void {
  session = null;
  Object.assign(dataset, { manifest: null, analysedHere: false, openedAt: null });
}

/** Whether the cached analysis answers for these thresholds (the URL's `set=` list) and this rule catalogue. */
export function cachedAnalysisFits(settings: readonly string[]): boolean {
  const m = dataset.manifest;
  return m != null && m.rules === rulesFingerprint() && [...m.settings].sort().join('&') === [...settings].sort().join('&');
}

async function load(tables: readonly DatasetTable[], filters: Filters = {}): Promise<number> {
  if (!session) return 0;
  const s = session;
  return serially(() => s.ensure(tables, filters));
}

/** Every data partition, for an analysis run here. */
export const loadAllData = () => load([...DATA_TABLES]);

/**
 * Loads what `view` needs under `filters` (and, for the form view, the partition holding `form`);
 * true when rows came in. The analysis tables come from the files only while they answer for
 * `settings` (the URL's thresholds); otherwise the analysis run here makes them.
 */
export async function ensureForView(view: View, filters: Filters, form: string | null, settings: readonly string[]): Promise<boolean> {
  // A view that asks while the dataset is still opening waits for it; a failed opening is reported by its task.
  await opening;
  if (!session) return false;
  let rows = await load(fromFiles(VIEW_TABLES[view], settings), filters);
  if (view === 'sql' && rows > 0 && !dataset.analysedHere) {
    // Every rule's SQL is an example there, and reads the tables an analysis prepares: make them from the whole data now in.
    await prepareTables(await getEngine(), RULES.map((r) => r.sql));
  }
  if (view === 'form' && form) {
    const [where] = await (await getEngine()).query<{ year: number; region: string | null }>('SELECT year, region FROM evaluations WHERE eval_id = ?', [form]);
    if (where) rows += await load(['indicators'], { years: [where.year], regions: where.region == null ? [] : [where.region] });
  }
  return rows > 0;
}
