// Thresholds of the anomaly rules. Each rule declares the ones it reads (rules/*.ts: name, default,
// words in both languages) and hands them to DuckDB as parameters: nothing a user types is ever glued
// into SQL. This module is how they travel: as assignments `NAME=VALUE` on a command line (`--set`)
// and in a link (`set=`), parsed and written here only.
import { SETTINGS, type RuleSettings } from './rules/index';
import type { Lang } from '../format/i18n';

export type { RuleSettings } from './rules/index';

export const DEFAULT_SETTINGS: Readonly<RuleSettings> = Object.freeze(
  Object.fromEntries([...SETTINGS].map(([name, s]) => [name, s.default])) as unknown as RuleSettings,
);

export type SettingName = keyof RuleSettings & string;
type NumericName = { [K in SettingName]: RuleSettings[K] extends number ? K : never }[SettingName];

/** The thresholds a number field can change (the settings panel), in catalogue order. */
export const NUMERIC_SETTINGS: readonly NumericName[] = [...SETTINGS].filter(([, s]) => s.kind === 'number').map(([name]) => name as NumericName);

/** What a setting is called on the settings panel. */
export function settingLabel(name: SettingName, lang: Lang): string {
  return SETTINGS.get(name)![lang];
}

export function resolveSettings(partial?: Partial<RuleSettings>): RuleSettings {
  return { ...DEFAULT_SETTINGS, ...(partial ?? {}) } as RuleSettings;
}

/**
 * Thresholds as people write them on a command line or in a link: `adjustmentBound=0.3`,
 * `placeholders=无,/,-`. Unknown names and non-numbers are refused with the reason, never guessed.
 */
export function parseSettings(assignments: readonly string[]): Partial<RuleSettings> {
  const out: Record<string, number | string[]> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const key = (eq < 0 ? a : a.slice(0, eq)).trim();
    const value = eq < 0 ? '' : a.slice(eq + 1).trim();
    const setting = SETTINGS.get(key as SettingName);
    if (!setting) throw new Error(`unknown setting「${key}」: one of ${[...SETTINGS.keys()].join(', ')}`);
    if (setting.kind === 'list') {
      out[key] = value.split(/[,，、]/).map((s) => s.trim()).filter((s) => s !== '');
    } else {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < 0) throw new Error(`setting ${key}: 「${value}」 is not a non-negative number`);
      out[key] = n;
    }
  }
  return out as Partial<RuleSettings>;
}

/**
 * The assignments that give `settings` (parseSettings' inverse): one per setting that differs from its
 * default, in catalogue order; none at the defaults, so a link without `set=` means the defaults.
 */
export function settingsAssignments(settings: Partial<RuleSettings>): string[] {
  const out: string[] = [];
  for (const [name, setting] of SETTINGS) {
    const v = settings[name];
    if (v === undefined) continue;
    if (typeof v === 'number') {
      if (v !== setting.default) out.push(`${name}=${v}`);
    } else if (v.join('\u0000') !== (setting.default as readonly string[]).join('\u0000')) {
      out.push(`${name}=${v.join(',')}`);
    }
  }
  return out;
}

/** The settings a link's or a command line's assignments give, or the defaults where they say nothing or cannot be read. */
export function settingsOf(assignments: readonly string[]): RuleSettings {
  try {
    return resolveSettings(parseSettings(assignments));
  } catch {
    return resolveSettings();
  }
}
