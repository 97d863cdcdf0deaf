// Loading, app-wide: the bundled data once at start, the user's files, "start over" — each followed
// by the analysis pass (rules, boilerplate scores). One task at a time; any view can show `loading` (busy, progress, last error). Views re-query via dataChanged().
import { analyse } from '../../analysis/analyse';
import { failureText } from '../../analysis/findings';
import { dropViewCache } from '../../analysis/queries/cache';
import { clearAll } from '../../db/schema';
import { removeFile } from '../../ingest/load';
import { fetchBundled } from '../io/bundled';
import { readUserFiles, type PickedFile } from '../io/files';
import type { ReadOptions } from '../../ingest/read';
import { loadInBrowser, type FileInput, type LoadProgress } from '../io/loader';
import { dataChanged, getEngine } from './session.svelte';
import { currentFilters, route } from './url.svelte';
import { parseSettings } from '../../analysis/settings';
import { i18n } from './lang.svelte';
import { explainFailure } from '../../format/memory';
import { cachedAnalysisFits, closeDataset, dataset, datasetUrl, ensureForView, loadAllData, openDataset } from './dataset.svelte';
import { setQueryGate } from './session.svelte';
import { keepStep, keptAfter, keptSteps, type WorkspaceStep } from '../io/workspace';

export const loading = $state({
  busy: false,
  /** null while busy = starting up (no file yet). */
  progress: null as LoadProgress | null,
  error: null as string | null,
  /** Running the rules after a load. */
  analysing: false,
});

/**
 * What this browser keeps of the workspace for the next visit: how many of the user's own files, and
 * why it could not keep them (storage refused, full) — the data stays loaded for this visit either way.
 */
export const workspace = $state({ keptFiles: 0, error: null as string | null });

/** A dataset opened from the address is its own workspace: nothing of it is kept in the browser. */
const keepsWorkspace = !datasetUrl;
let keptFiles = new Set<string>();

async function remember(step: WorkspaceStep): Promise<void> {
  if (!keepsWorkspace) return;
  try {
    await keepStep(step);
    keptFiles = keptAfter(keptFiles, step);
    workspace.keptFiles = keptFiles.size;
    workspace.error = null;
  } catch (e) {
    workspace.error = e instanceof Error ? e.message : String(e);
  }
}

/**
 * When each load in the tables (by its load id) was made, as ISO date-times: what the summaries' provenance
 * line says. A load replayed from the workspace keeps the time it was first made.
 */
export const loadTimes = $state<Record<number, string>>({});

function forgetLoadTimes(): void {
  for (const id of Object.keys(loadTimes)) delete loadTimes[Number(id)];
}

/** What the user sets on the 数据 page for the next batch of files (kept while the page is open, not in the URL). */
export const batchOptions = $state<ReadOptions>({ region: '' });

let queue: Promise<void> = Promise.resolve();
/** Set once data other than a dataset's own was added or removed: its cached analysis no longer answers. */
let changedHere = false;

function task(work: (onProgress: (p: LoadProgress) => void) => Promise<unknown>): Promise<void> {
  queue = queue.then(async () => {
    loading.busy = true;
    loading.error = null;
    try {
      await work((p) => {
        loading.progress = p;
      });
      loading.progress = null;
      loading.analysing = true;
      await analyseWithRouteSettings();
    } catch (e) {
      loading.error = explainFailure(e instanceof Error ? e.message : String(e), i18n.lang);
      // An analysis that failed half-way must not leave the views reading the last one's cache.
      await dropViewCache(await getEngine()).catch(() => undefined);
    } finally {
      loading.progress = null;
      loading.analysing = false;
      loading.busy = false;
      dataChanged(); // even a load that failed half-way changed the tables
    }
  });
  return queue;
}

/**
 * One load of `files`, kept as `step` before it runs (the loader moves the bytes to its worker); `at`
 * is when it was made (now, or when a replayed step first was).
 */
async function loadKept(files: FileInput[], options: ReadOptions, step: WorkspaceStep | null, onProgress: (p: LoadProgress) => void, at = new Date().toISOString()) {
  changedHere = true;
  // Files added to a dataset replace its rows like any other: all of it must be in to be compared with.
  if (dataset.manifest) await loadAllData();
  if (step) await remember(step);
  const report = await loadInBrowser(await getEngine(), files, options, onProgress);
  for (const f of report.files) loadTimes[f.loadId] = at;
  return report;
}

const bundledStep = (): WorkspaceStep => ({ kind: 'bundled', savedAt: new Date().toISOString() });
export const loadBundled = () => task(async (onProgress) => loadKept(await fetchBundled(), {}, bundledStep(), onProgress));
/** One pick or drop: one load, with the batch's options as they are now. */
export function addFiles(picked: PickedFile[]): Promise<void> {
  const options = { ...batchOptions };
  return task(async (onProgress) => {
    const files = await readUserFiles(picked);
    const step: WorkspaceStep = { kind: 'files', files: files.map((f) => ({ name: f.name, bytes: f.bytes })), options, savedAt: new Date().toISOString() };
    return loadKept(files, options, step, onProgress, step.savedAt);
  });
}
export const startOver = () =>
  task(async () => {
    closeDataset();
    await remember({ kind: 'clear' });
    await clearAll(await getEngine());
    forgetLoadTimes();
  });
// A dataset's rows of that file may sit in partitions not loaded yet: load them all, then remove.
export const removeLoaded = (file: string) =>
  task(async () => {
    changedHere = true;
    if (dataset.manifest) await loadAllData();
    await remember({ kind: 'remove', file });
    await removeFile(await getEngine(), file);
  });

/**
 * The next visit: the kept steps replayed in order through the same loader, then one analysis; a
 * first visit (nothing kept) loads the bundled data. A store the browser refuses leaves the first-visit
 * start and says why.
 */
const restoreWorkspace = () =>
  task(async (onProgress) => {
    let steps: WorkspaceStep[] = [];
    try {
      steps = await keptSteps();
    } catch (e) {
      workspace.error = e instanceof Error ? e.message : String(e);
    }
    if (steps.length === 0) return loadKept(await fetchBundled(), {}, bundledStep(), onProgress);
    const engine = await getEngine();
    for (const step of steps) {
      keptFiles = keptAfter(keptFiles, step);
      if (step.kind === 'bundled') await loadKept(await fetchBundled(), {}, null, onProgress, step.savedAt);
      else if (step.kind === 'files') await loadKept(step.files.map((f) => ({ ...f, origin: 'own' as const })), step.options, null, onProgress, step.savedAt);
      else if (step.kind === 'remove') await removeFile(engine, step.file);
      else {
        await clearAll(engine);
        forgetLoadTimes();
      }
    }
    workspace.keptFiles = keptFiles.size;
  });

/** The thresholds the last analysis ran with, as the URL writes them. */
let appliedSettings: string | null = null;

/** Runs the rules with the thresholds the URL names; a link with bad thresholds falls back to the defaults and says so. */
async function analyseWithRouteSettings(): Promise<void> {
  const wanted = [...route.settings];
  if (dataset.manifest && !dataset.analysedHere && !changedHere && cachedAnalysisFits(wanted)) {
    appliedSettings = wanted.join('&');
    return; // the dataset's own analysis answers: nothing to compute
  }
  let settings = {};
  try {
    settings = parseSettings(wanted);
  } catch (e) {
    loading.error = (e as Error).message;
  }
  if (dataset.manifest) {
    // The rules read everything (last year's form, other departments): the whole dataset first.
    await loadAllData();
    dataset.analysedHere = true;
  }
  // A rule that could not run costs only its findings; the page says which, as the CLI does.
  const { failedRules } = await analyse(await getEngine(), settings);
  if (failedRules.length) loading.error = failedRules.map(failureText).join('\n');
  appliedSettings = wanted.join('&');
}

/** Re-runs the rules when the thresholds in the URL changed since the last analysis. */
export function reanalyseIfSettingsChanged(): void {
  const wanted = route.settings.join('&');
  if (appliedSettings == null || wanted === appliedSettings) return;
  // Every task ends with the analysis pass: one with no work of its own just re-runs the rules.
  void task(async () => {});
}

// With a dataset, every query first loads the partitions its view needs (set before any view mounts).
if (datasetUrl) {
  setQueryGate(async () => {
    if (await ensureForView(route.view, currentFilters(), route.form, route.settings)) dataChanged();
  });
}

let started = false;
/** Restores the workspace kept in this browser (the bundled data on a first visit) — or opens the dataset the address names — once per page. */
export function startup(): void {
  if (started) return;
  started = true;
  if (!datasetUrl) {
    void restoreWorkspace();
    return;
  }
  const url = datasetUrl;
  void task(() => openDataset(url, route.settings));
}

/** What the progress bar says: the file being loaded, the rules running, or the engine starting. */
export function progressLabel(): string {
  if (loading.analysing) return i18n.t('progress.analysing');
  const p = loading.progress;
  return p ? `${i18n.t('progress.label')} ${p.file} (${p.index + 1}/${p.count})` : i18n.t('progress.starting');
}
