// The current language, kept in the URL (?lang=en) so a shared link opens in the same language.
import { isLang, translate, type Key, type Lang } from '../../format/i18n';

const fromUrl = new URLSearchParams(location.search).get('lang');
let current = $state<Lang>(isLang(fromUrl) ? fromUrl : 'zh');

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set lang(value: Lang) {
    current = value;
    const url = new URL(location.href);
    if (value === 'zh') url.searchParams.delete('lang');
    else url.searchParams.set('lang', value);
    history.replaceState(history.state, '', url);
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
