// The ECharts options of the overview, execution and 三公 views, built from query rows. Names from
// files only reach ECharts as category names and series data (drawn on canvas, escaped by the default
// tooltips); formatters here format numbers only. Money is 万元; chart values are numbers for
// drawing only — every figure shown as text comes from the query strings.
import type { EChartsCoreOption } from 'echarts/core';
import type { ExecQuantileRow, RateBinRow } from '../../analysis/queries/execution';
import type { BoilerplateDepartment } from '../../analysis/queries/overview';
import type { SangongDepartmentRow, SangongParts, SangongTrendRow } from '../../analysis/queries/sangong';
import { formatCount, formatMoney, formatPercent } from '../../format/number';
import type { ChartPart } from '../components/ChartParts.svelte';
import { t } from '../state/lang.svelte';
import { PALETTE } from './theme';

const num = (v: string | null | undefined): number | null => (v == null ? null : Number(v));
const money = (v: unknown) => (typeof v === 'number' ? formatMoney(String(v)) : '—');
const pct = (v: unknown) => (typeof v === 'number' ? formatPercent(String(v)) : '—');
const moneyAxis = () => ({ type: 'value', name: t('sangong.axis'), axisLabel: { formatter: (v: number) => formatMoney(String(v)) } });
const GRID = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

/** A category axis of the rows' years, in row order. */
export const yearAxis = (rows: readonly { year: number }[]) => ({ type: 'category', data: rows.map((r) => String(r.year)) });
/** A bar's count written on it; nothing on an empty bar, so zeros do not clutter the axis. */
export const countLabel = (p: { value: number }) => (p.value ? String(p.value) : '');

/**
 * The 三公 totals departments reported, as two lines told apart without colour: budget dashed with
 * triangles, final solid with circles. `width` thickens them where they are the chart's main lines.
 */
function totalLines(rows: readonly Pick<SangongTrendRow, 'budget' | 'final'>[], symbolSize: number, width?: { budget: number; final: number }) {
  return [
    { type: 'line', name: t('sangong.totalBudget'), data: rows.map((r) => num(r.budget)), symbol: 'triangle', symbolSize, lineStyle: { type: 'dashed', ...(width && { width: width.budget }) }, itemStyle: { color: PALETTE[0] } },
    { type: 'line', name: t('sangong.totalFinal'), data: rows.map((r) => num(r.final)), symbol: 'circle', symbolSize, ...(width && { lineStyle: { width: width.final } }), itemStyle: { color: PALETTE[3] } },
  ];
}

/** Forms per execution-rate bin; the exactly-100% bar is hatched as well as coloured. */
export function distributionOption(bins: RateBinRow[]): EChartsCoreOption {
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: bins.map((b) => b.label), axisLabel: { rotate: 45, fontSize: 10 } },
    yAxis: { type: 'value', name: t('overview.axis.forms'), minInterval: 1 },
    series: [{
      type: 'bar', name: t('overview.series.forms'),
      data: bins.map((b) => ({
        value: b.count,
        itemStyle: b.bin === 'exact100' ? { color: PALETTE[1], decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.5)' } } : undefined,
      })),
      label: { show: true, position: 'top', fontSize: 10, formatter: countLabel },
    }],
  };
}

/** The histogram's bars that hold forms, each opening the execution view on its forms (`bin`). */
export function distributionParts(bins: RateBinRow[]): ChartPart[] {
  return bins.flatMap((b, at) =>
    b.count > 0 ? [{ at, label: t('execution.bin.part', { label: b.label, n: formatCount(b.count) }), to: { view: 'execution' as const, bin: b.key } }] : [],
  );
}

/** Share of forms at full marks per year (execQuantiles grouped by year). */
export function fullMarksOption(rows: ExecQuantileRow[]): EChartsCoreOption {
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', valueFormatter: pct },
    xAxis: { type: 'category', data: rows.map((r) => String(r.group)) },
    yAxis: { type: 'value', name: t('overview.axis.share'), max: 1, axisLabel: { formatter: (v: number) => formatPercent(String(v), 0) } },
    series: [{
      type: 'bar', name: t('overview.series.fullMarks'), data: rows.map((r) => num(r.share_full_marks)),
      label: { show: true, position: 'top', fontSize: 10, formatter: (p: { value: number }) => pct(p.value) },
    }],
  };
}

const PARTS = [['car', 'sangong.part.car'], ['abroad', 'sangong.part.abroad'], ['reception', 'sangong.part.reception']] as const;
const HATCH = { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 4], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.55)' };

/**
 * 三公经费 by year: the parts stacked, a budget bar (hatched) beside a final bar (plain), and the
 * totals departments reported as lines (budget dashed with triangles, final solid with circles).
 */
export function sangongTrendOption(rows: SangongTrendRow[]): EChartsCoreOption {
  const part = (p: string, m: 'budget' | 'final') => rows.map((r) => num(r[`${p}_${m}` as keyof SangongParts]));
  const bars = (['budget', 'final'] as const).flatMap((m) =>
    PARTS.map(([p], i) => ({
      type: 'bar', stack: m, name: `${t(`sangong.short.${p}`)}${t('common.paren', { text: t(`sangong.${m}`) })}`, data: part(p, m),
      itemStyle: { color: PALETTE[i + 2], opacity: m === 'budget' ? 0.6 : 1, decal: m === 'budget' ? HATCH : undefined },
    })),
  );
  return {
    grid: { ...GRID, top: 72 },
    legend: { top: 0, itemWidth: 14, itemHeight: 10, itemGap: 8, textStyle: { fontSize: 10 } },
    tooltip: { trigger: 'axis', valueFormatter: money },
    xAxis: yearAxis(rows),
    yAxis: moneyAxis(),
    series: [...bars, ...totalLines(rows, 8)],
  };
}

/** One department's 三公经费 by year: budget and final totals, and each part's final. */
export function sangongDepartmentOption(rows: SangongDepartmentRow[]): EChartsCoreOption {
  return {
    grid: { ...GRID, top: 60 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: money },
    xAxis: yearAxis(rows),
    yAxis: moneyAxis(),
    series: [
      ...totalLines(rows, 9, { budget: 2, final: 3 }),
      ...PARTS.map(([p, key], i) => ({
        type: 'line', name: `${t(key)}${t('common.paren', { text: t('sangong.final') })}`, data: rows.map((r) => num(r[`${p}_final` as keyof SangongParts])),
        symbol: ['rect', 'diamond', 'pin'][i], symbolSize: 7, lineStyle: { type: 'dotted', width: 1.5 }, itemStyle: { color: PALETTE[i + 2] },
      })),
    ],
  };
}

/** The most boilerplate departments as horizontal bars, highest at the top. */
export function boilerplateOption(rows: BoilerplateDepartment[]): EChartsCoreOption {
  const top = [...rows].reverse();
  return {
    grid: { ...GRID, top: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', data: top.map((r) => r.department), axisLabel: { interval: 0, width: 210, overflow: 'truncate', fontSize: 10 } },
    series: [{
      type: 'bar', name: t('overview.series.score'), data: top.map((r) => Number(r.score)),
      label: { show: true, position: 'right', fontSize: 10 },
    }],
  };
}
