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
import { exportWords } from './words/exports';

export type Lang = 'zh' | 'en';

const zh = { ...appWords.zh, ...sqlWords.zh, ...overviewWords.zh, ...executionWords.zh, ...sangongWords.zh, ...filtersWords.zh, ...dataWords.zh, ...findingsWords.zh, ...formWords.zh, ...departmentWords.zh, ...settingsWords.zh, ...memoryWords.zh, ...exportWords.zh };
export type Key = keyof typeof zh;
const en: Record<Key, string> = { ...appWords.en, ...sqlWords.en, ...overviewWords.en, ...executionWords.en, ...sangongWords.en, ...filtersWords.en, ...dataWords.en, ...findingsWords.en, ...formWords.en, ...departmentWords.en, ...settingsWords.en, ...memoryWords.en, ...exportWords.en };

const dictionaries: Record<Lang, Record<Key, string>> = { zh, en };

/** The text for `key`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function isLang(s: string | null): s is Lang {
  return s === 'zh' || s === 'en';
}
