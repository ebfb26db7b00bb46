import { useMemo } from 'react';
import type { UsageSummary } from '../../../src-shared/admin';
import { UPlotChart } from '../../components/UPlotChart';
import { costChart, costData, tokensChart, tokensData } from './usage-charts';

/** The daily token and cost charts (loaded on demand: uPlot stays out of the main bundle). */
export default function UsageCharts({ summary }: { summary: UsageSummary }) {
  const tokens = useMemo(() => tokensData(summary.byDay), [summary]);
  const cost = useMemo(() => costData(summary.byDay), [summary]);
  return (
    <div className="usage-charts">
      <div className="card">
        <h2>Tokens per day</h2>
        <UPlotChart build={tokensChart} data={tokens} label={`Input, output and cached tokens per day, ${summary.from} to ${summary.to}`} testId="usage-tokens-chart" />
      </div>
      <div className="card">
        <h2>Cost per day</h2>
        <UPlotChart build={costChart} data={cost} label={`Estimated cost per day, ${summary.from} to ${summary.to}`} testId="usage-cost-chart" />
      </div>
    </div>
  );
}
