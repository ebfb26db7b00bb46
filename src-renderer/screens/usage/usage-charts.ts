import uPlot from 'uplot';
import type { UsageRow } from '../../../src-shared/admin';
import { withAlpha, type ChartTheme } from '../../components/chart-theme';
import type { ChartOptions } from '../../components/UPlotChart';
import { formatTokens, formatTokensShort, formatUsd } from '../../components/format-metrics';

// uPlot options and data for the usage screen's daily charts. Days are UTC (as the request log
// files are), so the x axis is drawn in UTC too.

const DAY_S = 86_400;

/** Seconds since the epoch of a YYYY-MM-DD day at UTC midnight. */
export function dayToSeconds(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** "Nov 21" for a day at UTC midnight (epoch seconds). */
export function dayLabel(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Daily tokens: x, input, output, cached (read). */
export function tokensData(days: UsageRow[]): uPlot.AlignedData {
  return [days.map((d) => dayToSeconds(d.key)), days.map((d) => d.inputTokens), days.map((d) => d.outputTokens), days.map((d) => d.cacheReadTokens)];
}

/** Daily cost: x, USD (null on days without cost, so no empty bar outlines are drawn). */
export function costData(days: UsageRow[]): uPlot.AlignedData {
  return [days.map((d) => dayToSeconds(d.key)), days.map((d) => (d.costUsd > 0 ? d.costUsd : null))];
}

function axes(theme: ChartTheme, yValues: (v: number) => string): uPlot.Axis[] {
  const common = { stroke: theme.muted, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1, size: 4 }, font: '11px system-ui, sans-serif' };
  return [
    // Whole days only: 1, 2, 7, 14 or 30 days between labels, whatever fits.
    { ...common, space: 56, incrs: [DAY_S, 2 * DAY_S, 7 * DAY_S, 14 * DAY_S, 30 * DAY_S], values: (_u, splits) => splits.map(dayLabel), grid: { show: false } },
    { ...common, size: 64, values: (_u, splits) => splits.map(yValues) },
  ];
}

const xSeries: uPlot.Series = { label: 'Day', value: (_u, v) => (v == null ? '–' : dayLabel(v)) };

// Zero to a bit above the top, so an empty range still draws a sensible axis.
const fromZero: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1];
// Half a day of room either side, so the first and last bars are not cut in half.
const paddedDays: uPlot.Scale.Range = (_u, min, max) => [min - DAY_S / 2, max + DAY_S / 2];

const nonZero: uPlot.Series.Points.Filter = (u, seriesIdx) => {
  const values = u.data[seriesIdx] as Array<number | null>;
  return values.flatMap((v, i) => (v ? [i] : []));
};

/** Input, output and cached tokens per day, as lines. */
export function tokensChart(theme: ChartTheme): ChartOptions {
  const line = (label: string, color: string): uPlot.Series => ({
    label,
    stroke: color,
    fill: withAlpha(color, 0.08),
    width: 2,
    // Points only where something happened: a month of zeros needs no dots.
    points: { show: true, size: 6, fill: color, filter: nonZero },
    value: (_u, v) => (v == null ? '–' : formatTokens(v)),
  });
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true, range: paddedDays }, y: { range: fromZero } },
    axes: axes(theme, formatTokensShort),
    series: [xSeries, line('Input', theme.series[0]), line('Output', theme.series[1]), line('Cached', theme.series[2])],
    cursor: { points: { size: 7 } },
  };
}

/** Estimated cost per day, as bars. */
export function costChart(theme: ChartTheme): ChartOptions {
  const color = theme.series[3];
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true, range: paddedDays }, y: { range: fromZero } },
    axes: axes(theme, (v) => formatUsd(v)),
    series: [
      xSeries,
      {
        label: 'Cost',
        stroke: color,
        fill: withAlpha(color, 0.55),
        width: 1,
        paths: uPlot.paths.bars!({ size: [0.6, 36], align: 0 }),
        points: { show: false },
        value: (_u, v, _s, idx) => (idx == null ? '–' : formatUsd(v ?? 0)),
      },
    ],
  };
}
