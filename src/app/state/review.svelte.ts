// The review in this browser: the officer's marks live in DuckDB (review_marks, src/review/) and a
// copy of them in localStorage as a review file, written after every change and put back once per
// page, so they survive a reload and a new load of the same forms. The notice's header (bureau,
// dates, reference) is remembered the same way. Views re-query when `review.version` changes.
import type { FindingCount } from '../../analysis/queries/counted';
import type { Engine } from '../../db/engine';
import { readReviewFile, reviewFileCsv, reviewFileJson, type ReviewFileProblem } from '../../review/file';
import { defaultNoticeSettings, type NoticeSettings } from '../../review/notice';
import { importMarks, markFindings, readMarks, type FindingSelection, type ReviewState } from '../../review/store';
import { getEngine } from './session.svelte';
import { route } from './url.svelte';

const MARKS_KEY = 'selfeval-lens.review';
const NOTICE_KEY = 'selfeval-lens.notice';

export const review = $state({ version: 0 });

let restored: Promise<unknown> | null = null;

/** The marks of this browser's copy, in DuckDB (once per page): await it before reading findings' states. */
export function reviewReady(engine: Engine): Promise<unknown> {
  restored ??= (async () => {
    const text = localStorage.getItem(MARKS_KEY);
    if (text) await importMarks(engine, readReviewFile(text).marks);
  })();
  return restored;
}

/**
 * Which findings the route counts (发现计数), with the marks' version when the count reads them: what
 * the query of a view whose figures count findings depends on (a mark re-draws it, unless all count).
 */
export function countedBy(): { count: FindingCount; marks: number } {
  return { count: route.count, marks: route.count === 'all' ? 0 : review.version };
}

/** Before a query counting `count`: this browser's marks are in DuckDB when the count reads them. */
export async function marksReadyFor(engine: Engine, count: FindingCount): Promise<void> {
  if (count !== 'all') await reviewReady(engine);
}

async function saved(engine: Engine): Promise<void> {
  localStorage.setItem(MARKS_KEY, reviewFileJson(await readMarks(engine)));
  review.version++;
}

/** Marks the selected findings (one, or many at once) and keeps the marks. Returns how many were marked. */
export async function markAndKeep(selection: FindingSelection, state: ReviewState, reason: string | null = null): Promise<number> {
  const engine = await getEngine();
  await reviewReady(engine);
  const n = await markFindings(engine, selection, state, reason);
  await saved(engine);
  return n;
}

/** A colleague's review file (JSON or CSV) taken in: its marks replace ours of the same findings. */
export async function importReviewFile(text: string): Promise<{ marks: number; matched: number; problems: ReviewFileProblem[] }> {
  const engine = await getEngine();
  await reviewReady(engine);
  const file = readReviewFile(text);
  const r = await importMarks(engine, file.marks);
  await saved(engine);
  return { ...r, problems: file.problems };
}

/** The review file of every mark, as JSON or CSV text. */
export async function reviewFileText(kind: 'json' | 'csv'): Promise<string> {
  const engine = await getEngine();
  await reviewReady(engine);
  const marks = await readMarks(engine);
  return kind === 'json' ? reviewFileJson(marks) : reviewFileCsv(marks);
}

function loadNoticeSettings(): NoticeSettings {
  const fallback = defaultNoticeSettings(null);
  try {
    const v = JSON.parse(localStorage.getItem(NOTICE_KEY) ?? 'null') as Partial<NoticeSettings> | null;
    return { ...fallback, bureau: '', ...(v ?? {}) };
  } catch {
    return { ...fallback, bureau: '' };
  }
}

/** The notice's header as last entered (a blank bureau: the department's region + 财政局). */
export const noticeSettings = $state<NoticeSettings>(loadNoticeSettings());

export function keepNoticeSettings(): void {
  localStorage.setItem(NOTICE_KEY, JSON.stringify(noticeSettings));
}
