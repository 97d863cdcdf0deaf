// The provenance of a summary: which data its figures come from, in words, for the line every
// summary view shows and prints. Per origin (真实 / 示例 / 自有) the files whose rows are loaded now,
// named (the first few, then a count), and when they were loaded; a dataset opened from a server is
// named by its address and the time its manifest says it was written. Real (or the user's own) data
// and generated sample data loaded together always carry a mark, as does sample data alone.
import type { Origin } from '../ingest/types';
import { translate, type Key, type Lang } from './i18n';

/** A loaded file part as the load report keeps it (LoadedFile's fields this reads). */
export interface ProvenanceFile {
  file: string;
  origin: Origin;
  loadId: number;
  /** Rows of it the tables hold now: a file refused, or wholly replaced by a later one, shows nothing. */
  rowsPresent: number;
}

export interface ProvenanceInput {
  files: readonly ProvenanceFile[];
  /** When each load (by load id) was made, as ISO date-times; a load without one is not dated. */
  loadedAt: ReadonlyMap<number, string>;
  /** The dataset the page opened (`?dataset=`), its manifest's `created` and when the page opened it. */
  dataset?: { url: string; created: string; opened: string } | null;
}

export interface Provenance {
  /** Nothing loaded: no file holds a row. */
  empty: boolean;
  /** The origins present, in the order real, own, sample. */
  origins: Origin[];
  /** "数据来源：真实数据 3 个文件（…），载入于 …；示例数据 …", or the dataset, or "尚未载入数据。" */
  line: string;
  /** The mark when sample data is among the loaded: with other data (mixed) or alone; null without sample data. */
  mark: { kind: 'mixed' | 'sampleOnly'; text: string } | null;
}

const ORIGINS: readonly Origin[] = ['real', 'own', 'sample'];
/** File names written out per origin; more are counted. */
export const NAMED_FILES = 3;

/** `YYYY-MM-DD HH:mm` in the page's local time. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function provenance(input: ProvenanceInput, lang: Lang): Provenance {
  const t = (key: Key, vars?: Record<string, string | number>) => translate(lang, key, vars);
  // One entry per file (a file has a part per table it fed), in the order loaded.
  const present = new Map<string, { origin: Origin; loads: Set<number> }>();
  for (const f of input.files) {
    if (f.rowsPresent <= 0) continue;
    const seen = present.get(f.file) ?? { origin: f.origin, loads: new Set<number>() };
    seen.loads.add(f.loadId);
    present.set(f.file, seen);
  }
  const origins = ORIGINS.filter((o) => [...present.values()].some((f) => f.origin === o));
  if (present.size === 0) return { empty: true, origins, line: t('provenance.none'), mark: null };

  const groups = origins.map((origin) => {
    const names = [...present].filter(([, f]) => f.origin === origin).map(([name]) => name);
    const loads = new Set([...present.values()].filter((f) => f.origin === origin).flatMap((f) => [...f.loads]));
    const shown = names.slice(0, NAMED_FILES).join(t('common.listSep'));
    const files = names.length > NAMED_FILES ? t('provenance.more', { files: shown }) : shown;
    const group = t(names.length === 1 ? 'provenance.groupOne' : 'provenance.group', { origin: t(`origin.${origin}`), n: names.length, files });
    // A dataset's own files were loaded where it was written: only files added here have a time.
    const when = loadTimes([...loads].map((id) => input.loadedAt.get(id)), t);
    return when ? `${group}${t('provenance.timeSep')}${when}` : group;
  });
  const sep = t('provenance.groupSep');
  const source = input.dataset
    ? `${t('provenance.dataset', { url: input.dataset.url, created: dateTime(input.dataset.created), opened: dateTime(input.dataset.opened) })}${sep}`
    : '';
  const line = `${t('provenance.label')}${t('common.colon')}${source}${groups.join(sep)}`;
  const mark = !origins.includes('sample')
    ? null
    : origins.length > 1
      ? { kind: 'mixed' as const, text: t('provenance.mixed') }
      : { kind: 'sampleOnly' as const, text: t('provenance.sampleOnly') };
  return { empty: false, origins, line, mark };
}

/** "载入于 T", or "载入于 T1 至 T2" when its loads were made at different minutes; '' when none is dated. */
function loadTimes(isos: (string | undefined)[], t: (key: Key, vars?: Record<string, string>) => string): string {
  const times = isos.filter((x): x is string => x != null).sort();
  if (times.length === 0) return '';
  const [from, to] = [dateTime(times[0]), dateTime(times[times.length - 1])];
  return from === to ? t('provenance.at', { time: from }) : t('provenance.between', { from, to });
}
