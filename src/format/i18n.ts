// The words on screen, by key. Chinese is the default; English sits beside it with the same keys
// (each dictionary's type makes a missing English key a compile error). Components use keys, never
// sentences. One dictionary per view under words/, merged here.
import { appWords } from './words/app';
import { sqlWords } from './words/sql';
import { overviewWords } from './words/overview';
import { executionWords } from './words/execution';
import { sangongWords } from './words/sangong';
import { filtersWords } from './words/filters';
import { dataWords } from './words/data';
import { settingsWords } from './words/settings';
import { findingsWords } from './words/findings';
import { formWords } from './words/form';
import { departmentWords } from './words/department';
import { memoryWords } from './words/memory';
import { reviewWords } from './words/review';
import { exportWords } from './words/exports';
import { provenanceWords } from './words/provenance';

export type Lang = 'zh' | 'en';

const zh = { ...appWords.zh, ...sqlWords.zh, ...overviewWords.zh, ...executionWords.zh, ...sangongWords.zh, ...filtersWords.zh, ...dataWords.zh, ...findingsWords.zh, ...formWords.zh, ...departmentWords.zh, ...settingsWords.zh, ...memoryWords.zh, ...reviewWords.zh, ...exportWords.zh, ...provenanceWords.zh };
export type Key = keyof typeof zh;
const en: Record<Key, string> = { ...appWords.en, ...sqlWords.en, ...overviewWords.en, ...executionWords.en, ...sangongWords.en, ...filtersWords.en, ...dataWords.en, ...findingsWords.en, ...formWords.en, ...departmentWords.en, ...settingsWords.en, ...memoryWords.en, ...reviewWords.en, ...exportWords.en, ...provenanceWords.en };

const dictionaries: Record<Lang, Record<Key, string>> = { zh, en };

/** The text for `key`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/**
 * The text in Chinese, then English: `中文 / English`. For messages the core puts in an Error, which
 * reach both the page and the CLI, where no language is chosen.
 */
export function inBothLanguages(key: Key, vars: Record<string, string | number> = {}): string {
  return `${translate('zh', key, vars)} / ${translate('en', key, vars)}`;
}

export function isLang(s: string | null): s is Lang {
  return s === 'zh' || s === 'en';
}
