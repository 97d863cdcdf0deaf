// The ECharts options of the department view: findings per year stacked by severity, and the
// department's boilerplate score against its peers' median. Severity is named in the legend and
// the tooltip (never by colour alone); tooltips are safeTooltip lines (escaped).
import type { EChartsCoreOption } from 'echarts/core';
import type { DepartmentFlagRow, PeerRow } from '../../analysis/queries/department';
import { SEVERITIES } from '../../analysis/queries/findings';
import type { Key } from '../../format/i18n';
import type { ChartPart } from '../components/ChartParts.svelte';
import { formatCount, formatScore } from '../../format/number';
import { t } from '../state/lang.svelte';
import type { Route } from '../state/url.svelte';
import { SEVERITY_COLOURS, safeTooltip } from './theme';
import { countLabel, yearAxis } from './options';

const GRID = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };
const DECALS: Record<string, object | undefined> = {
  high: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.45)' },
  medium: undefined,
  low: { symbol: 'circle', symbolSize: 0.6, dashArrayX: [4, 2], dashArrayY: [4, 2], color: 'rgba(255,255,255,0.55)' },
  info: undefined,
};

/** The category of a flag row: its year, or "all years" for department-wide findings. */
export const flagCategory = (year: number | null): string => (year == null ? t('dept.chart.allYears') : String(year));

/** The severities drawn, in series order (a click's seriesIndex indexes this). */
export const flagSeverities = (rows: DepartmentFlagRow[]) => SEVERITIES.filter((s) => rows.some((r) => r.severity === s));
/** The categories drawn, in order (a click's dataIndex indexes this): years, then department-wide. */
export const flagYears = (rows: DepartmentFlagRow[]) => [...new Set(rows.map((r) => r.year))];

export function flagsOption(rows: DepartmentFlagRow[]): EChartsCoreOption {
  const cats = flagYears(rows).map(flagCategory);
  const present = flagSeverities(rows);
  return {
    grid: GRID,
    legend: { top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: safeTooltip((p: { name: string; seriesName: string; value: number }) => [
        t('dept.chart.tooltipFlags', { year: p.name, severity: p.seriesName, n: p.value }),
      ]),
    },
    xAxis: { type: 'category', data: cats },
    yAxis: { type: 'value', minInterval: 1 },
    series: present.map((s) => ({
      type: 'bar',
      stack: 'flags',
      name: t(`severity.${s}` as Key),
      itemStyle: { color: SEVERITY_COLOURS[s], decal: DECALS[s] },
      label: { show: true, fontSize: 10, formatter: countLabel },
      data: cats.map((c) => rows.find((r) => r.severity === s && flagCategory(r.year) === c)?.findings ?? 0),
    })),
  };
}

/** Each bar of flagsOption that holds findings: it opens the findings view on that year (or all) and severity within `scope`. */
export function flagParts(rows: DepartmentFlagRow[], scope: Partial<Route>): ChartPart[] {
  const severities = flagSeverities(rows);
  return flagYears(rows).flatMap((year, at) =>
    severities.flatMap((severity, series) => {
      const n = rows.find((r) => r.severity === severity && r.year === year)?.findings ?? 0;
      return n > 0
        ? [{ at, series, label: t('dept.chart.tooltipFlags', { year: flagCategory(year), severity: t(`severity.${severity}` as Key), n }),
            to: { view: 'findings' as const, ...scope, years: year == null ? [] : [year], severity, rule: null } }]
        : [];
    }),
  );
}

export function peersOption(rows: PeerRow[], department: string): EChartsCoreOption {
  const self = t('dept.chart.self');
  const med = t('dept.chart.peersMedian');
  return {
    grid: GRID,
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      // The median says of how many peers it is: 同类中位数（15 个同类部门）：58.33.
      formatter: safeTooltip((ps: { name: string; seriesName: string; value: number | null; dataIndex: number }[]) => [
        `${department} · ${ps[0]?.name ?? ''}`,
        ...ps.map((p) => {
          const peers = p.seriesName === med ? rows[p.dataIndex]?.peers : 0;
          const name = peers ? `${p.seriesName}${t('common.paren', { text: t('dept.peersOf', { n: formatCount(peers) }) })}` : p.seriesName;
          return `${name}${t('common.colon')}${p.value == null ? '—' : formatScore(p.value)}`;
        }),
      ]),
    },
    xAxis: yearAxis(rows),
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { type: 'bar', name: self, data: rows.map((r) => Number(r.score)), label: { show: true, position: 'top', fontSize: 10 } },
      {
        type: 'line', name: med, symbol: 'triangle', symbolSize: 9, lineStyle: { type: 'dashed' },
        data: rows.map((r) => (r.peers_median == null ? null : Number(r.peers_median))),
      },
    ],
  };
}
