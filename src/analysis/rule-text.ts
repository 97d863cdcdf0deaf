// A rule in the reader's language: its title, why it matters, and its condition with the thresholds
// in force (a province that set adjustmentBound=0.5 reads "> 50%", not the default's "> 20%"). The
// findings view, the settings panel, the form view's chips and the CLI's --rules all read it here.
import type { Lang } from '../format/i18n';
import { ruleById, type Rule } from './rules/index';
import { resolveSettings, type RuleSettings } from './settings';

export interface RuleText {
  title: string;
  why: string;
  condition: string;
}

export function ruleText(rule: Rule, lang: Lang, settings?: Partial<RuleSettings>): RuleText {
  const s = resolveSettings(settings);
  return lang === 'zh'
    ? { title: rule.titleZh, why: rule.whyZh, condition: rule.conditionZh(s) }
    : { title: rule.titleEn, why: rule.whyEn, condition: rule.conditionEn(s) };
}

/** A finding's detail line in the reader's language (both are rendered by the runner, ./findings.ts). */
export function findingDetail(f: { detail: string; detail_en: string }, lang: Lang): string {
  return lang === 'zh' ? f.detail : f.detail_en;
}

/** A rule's title by id; the id itself for a rule this catalogue does not know (an older dataset's). */
export function ruleTitle(id: string, lang: Lang): string {
  const r = ruleById(id);
  return r ? (lang === 'zh' ? r.titleZh : r.titleEn) : id;
}
