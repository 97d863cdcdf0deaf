// The current language, kept in the URL (?lang=en) so a shared link opens in the same language.
import { translate, type Key, type Lang } from '../../format/i18n';
import { parseUrl } from './url';
import { recordLang } from './url.svelte';

let current = $state<Lang>(parseUrl(location.search).lang);

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set lang(value: Lang) {
    current = value;
    recordLang(value);
    document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en';
  },
  t(key: Key, vars?: Record<string, string | number>): string {
    return translate(current, key, vars);
  },
  n(value: number): string {
    return new Intl.NumberFormat(current === 'zh' ? 'zh-CN' : 'en').format(value);
  },
};

/** Shorthand for components: `t('counts.forms')`. */
export const t = (key: Key, vars?: Record<string, string | number>): string => i18n.t(key, vars);
