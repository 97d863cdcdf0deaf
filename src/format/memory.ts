// Running out of memory, told in words. DuckDB-WASM lives in one WebAssembly heap (about 3 GiB for
// DuckDB in a browser); a load or an analysis past it fails with "Out of Memory Error: failed to
// allocate …" followed by advice (SET temp_directory …) that the page cannot follow. The engine
// itself survives such an error: what was loaded before stays usable.
import { translate, type Lang } from './i18n';

/**
 * DuckDB's own out-of-memory error, and the browser's and WebAssembly's ways of saying the same
 * (an allocation refused, a heap that could not grow).
 */
const OUT_OF_MEMORY = /out of memory|failed to allocate|bad_alloc|array buffer allocation failed|could not grow|maximum memory size exceeded|cannot enlarge memory/i;

/** Whether `message` says that memory ran out. */
export function isOutOfMemory(message: string): boolean {
  return OUT_OF_MEMORY.test(message);
}

/**
 * The message to show for a failure: an out-of-memory error becomes what happened and what to do
 * (load fewer years, open a prepared dataset, or the CLI's native engine), with DuckDB's first
 * line — the size it could not allocate — but without its advice; any other message is unchanged.
 */
export function explainFailure(message: string, lang: Lang): string {
  if (!isOutOfMemory(message)) return message;
  const detail = message.split('\n')[0].trim();
  const used = /\(([\d.]+ \w+)\/([\d.]+ \w+) used\)/.exec(detail);
  const limit = used ? translate(lang, 'memory.limit', { limit: used[2] }) : '';
  return [
    translate(lang, 'memory.what', { limit }),
    translate(lang, 'memory.kept'),
    translate(lang, 'memory.todo'),
    translate(lang, 'memory.detail', { detail }),
  ].join('\n');
}
