import { lazy, Suspense, useState } from 'react';
import type { UsageSummary } from '../../src-shared/admin';
import { formatTokens, formatUsd } from '../components/format-metrics';
import { useOutcrop } from '../context';
import { ModelBreakdown } from './usage/ModelBreakdown';
import { RangePicker, type RangeDays } from './usage/RangePicker';
import { UsageTotals } from './usage/UsageTotals';
import { useUsage } from './usage/use-usage';
import './usage/usage.css';
import { TableHead, numeric as NUM } from '../components/TableHead';

const UsageCharts = lazy(() => import('./usage/UsageCharts'));

/** Tokens, cost and cache savings per day and per model, over 7, 30 or 90 days. */
export function UsageScreen() {
  const { status } = useOutcrop();
  const [days, setDays] = useState<RangeDays>(30);
  const { summary, loading, busy, error, reload } = useUsage(days);
  const empty = summary !== undefined && summary.total.requests === 0;

  return (
    <section aria-labelledby="usage-title" aria-busy={busy} className="usage">
      <header className="usage-head">
        <h1 id="usage-title">Usage</h1>
        <div className="row">
          <RangePicker value={days} onChange={setDays} />
          <button type="button" onClick={reload} disabled={busy}>
            Refresh
          </button>
        </div>
      </header>
      {summary && (
        <p className="muted usage-range-text">
          {summary.from} to {summary.to} (UTC days).{' '}
          {status?.backend.kind === 'emulator' ? (
            <strong data-testid="usage-simulated">Costs are simulated: requests go to the emulator, which bills nothing.</strong>
          ) : (
            'Costs are estimates from on-demand prices.'
          )}
        </p>
      )}
      {error && (
        <div className="banner banner-bad" role="alert">
          Could not load usage: {error}{' '}
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {loading && !error && (
        <p className="skeleton" role="status">
          Loading usage…
        </p>
      )}
      {summary && <UsageTotals total={summary.total} simulated={status?.backend.kind === 'emulator'} />}
      {empty && (
        <div className="card empty" data-testid="usage-empty">
          No requests in the last {days} days. Point a tool at <code>{status ? `${status.url}/v1` : 'Outcrop'}</code> and its usage shows here.
        </div>
      )}
      {summary && !empty && (
        <>
          <Suspense fallback={<p className="skeleton usage-charts-loading">Loading charts…</p>}>
            <UsageCharts summary={summary} />
          </Suspense>
          <div className="card">
            <h2>By model</h2>
            <ModelBreakdown rows={summary.byModel} />
          </div>
          <details className="card usage-days">
            <summary>Daily figures</summary>
            <DailyTable summary={summary} />
          </details>
        </>
      )}
    </section>
  );
}

function DailyTable({ summary }: { summary: UsageSummary }) {
  return (
    <table>
      <TableHead columns={['Day (UTC)', ...NUM('Requests', 'Input', 'Output', 'Cached', 'Cost')]} />
      <tbody>
        {[...summary.byDay].reverse().map((d) => (
          <tr key={d.key}>
            <th scope="row">{d.key}</th>
            <td className="num">{formatTokens(d.requests)}</td>
            <td className="num">{formatTokens(d.inputTokens)}</td>
            <td className="num">{formatTokens(d.outputTokens)}</td>
            <td className="num">{formatTokens(d.cacheReadTokens)}</td>
            <td className="num">{formatUsd(d.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
