import { useCallback, useMemo, useState } from 'react';
import type { UsageSummary } from '../../../src-shared/admin';
import type { ChartTheme } from '../../components/chart-theme';
import { formatTokens, formatTokensShort, formatUsd } from '../../components/format-metrics';
import { UPlotChart } from '../../components/UPlotChart';
import { stackByModel, stackChart, stackData, type UsageMetric } from './usage-charts';

type TokenMetric = Exclude<UsageMetric, 'costUsd'>;
const TOKEN_METRICS: Array<{ id: TokenMetric; label: string }> = [
  { id: 'inputTokens', label: 'Input' },
  { id: 'outputTokens', label: 'Output' },
  { id: 'cacheReadTokens', label: 'Cached' },
];

const axisUsd = (v: number): string => formatUsd(v);

/** Tokens and cost per model over time, by hour or day (loaded on demand: uPlot stays out of the main bundle). */
export default function UsageCharts({ summary }: { summary: UsageSummary }) {
  const [metric, setMetric] = useState<TokenMetric>('inputTokens');
  const tokens = useMemo(() => stackByModel(summary, metric), [summary, metric]);
  const cost = useMemo(() => stackByModel(summary, 'costUsd'), [summary]);
  const tokensData = useMemo(() => stackData(tokens), [tokens]);
  const costData = useMemo(() => stackData(cost), [cost]);
  const buildTokens = useCallback((theme: ChartTheme) => stackChart(theme, tokens, formatTokens, formatTokensShort), [tokens]);
  const buildCost = useCallback((theme: ChartTheme) => stackChart(theme, cost, formatUsd, axisUsd), [cost]);
  const per = summary.bucket === 'hour' ? 'hour' : 'day';
  const metricLabel = TOKEN_METRICS.find((m) => m.id === metric)!.label.toLowerCase();
  return (
    <div className="usage-charts" data-bucket={summary.bucket}>
      <div className="card">
        <div className="usage-chart-head">
          <h2>Tokens per {per}</h2>
          <fieldset className="usage-range usage-metric">
            <legend className="visually-hidden">Tokens shown</legend>
            {TOKEN_METRICS.map((m) => (
              <label key={m.id} className={metric === m.id ? 'checked' : undefined}>
                <input type="radio" name="usage-token-metric" value={m.id} checked={metric === m.id} onChange={() => setMetric(m.id)} />
                {m.label}
              </label>
            ))}
          </fieldset>
        </div>
        <UPlotChart build={buildTokens} data={tokensData} label={`${metricLabel} tokens per ${per} and model, ${summary.from} to ${summary.to}`} testId="usage-tokens-chart" />
        {tokens.series.length === 0 && <p className="muted usage-chart-none">No {metricLabel} tokens in this range.</p>}
      </div>
      <div className="card">
        <div className="usage-chart-head">
          <h2>Cost per {per}</h2>
        </div>
        <UPlotChart build={buildCost} data={costData} label={`Estimated cost per ${per} and model, ${summary.from} to ${summary.to}`} testId="usage-cost-chart" />
        {cost.series.length === 0 && <p className="muted usage-chart-none">No priced requests in this range.</p>}
      </div>
    </div>
  );
}
