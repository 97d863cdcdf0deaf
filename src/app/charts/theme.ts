// The charts' look and the tooltip escaping, apart from ECharts itself: badges, tables and chart
// options use these on every page, while ECharts (a third of the app's JavaScript) is fetched only
// when the first chart is drawn (echarts.ts, loaded by Chart.svelte).
import { encodeHTML as zrenderEncodeHTML } from 'zrender/lib/core/dom.js';

/** Fonts installed on Chinese desktops first, then Noto CJK (Linux, our CI), then generic. */
export const CJK_FONTS = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

export const PALETTE = ['#2f5d8a', '#d9822b', '#3f8f5a', '#b8433a', '#7a5ba6', '#5f9ea0', '#c2a633', '#8c6d62'];
/** Severity colours; the UI always writes the severity in words beside them. */
export const SEVERITY_COLOURS: Record<string, string> = { high: '#b8433a', medium: '#d9822b', low: '#c2a633', info: '#5f9ea0' };

/** The one theme every chart is drawn with: colours, CJK-capable fonts, quiet grid lines. */
export const THEME = 'selfeval';
export const THEME_OPTIONS = {
  color: PALETTE,
  backgroundColor: 'transparent',
  textStyle: { fontFamily: CJK_FONTS, color: '#263238' },
  title: { textStyle: { fontFamily: CJK_FONTS, fontSize: 14, fontWeight: 600 } },
  legend: { textStyle: { fontFamily: CJK_FONTS } },
  tooltip: { textStyle: { fontFamily: CJK_FONTS } },
  categoryAxis: { axisLabel: { fontFamily: CJK_FONTS } },
  valueAxis: { axisLabel: { fontFamily: CJK_FONTS }, splitLine: { lineStyle: { color: '#e5e8ec' } } },
};

/**
 * Escapes untrusted text (department, project, indicator names) for ECharts' HTML tooltips: the
 * very function ECharts exports as `format.encodeHTML`, taken from zrender so it costs no ECharts.
 */
export const encodeHTML: (source: string) => string = zrenderEncodeHTML;

/**
 * A tooltip formatter that cannot inject HTML: the callback returns plain text lines and every
 * line is escaped here. ECharts does not escape what a formatter function returns (STACK_NOTES.md).
 */
export function safeTooltip<P>(lines: (params: P) => string[]): (params: P) => string {
  return (params: P) => lines(params).map((l) => encodeHTML(l)).join('<br/>');
}
