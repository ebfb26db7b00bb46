import { lazy, Suspense, useState } from 'react';
import type { UsageSummary } from '../../src-shared/admin';
import { formatCost, formatTokens } from '../components/format-metrics';
import { useOutcrop } from '../context';
import { ModelBreakdown } from './usage/ModelBreakdown';
import { PricesCard } from './usage/PricesCard';
import { RangePicker, type RangeDays } from './usage/RangePicker';
import { UsageTotals } from './usage/UsageTotals';
import { bucketLabel } from './usage/usage-time';
import { downloadUsageCsv } from './usage/usage-csv';
import { useUsage } from './usage/use-usage';
import './usage/usage.css';
import { TableHead, numeric as NUM } from '../components/TableHead';

const UsageCharts = lazy(() => import('./usage/UsageCharts'));

/** Tokens, cost and cache savings per model over time (by hour today, else by day), over today, 7, 30 or 90 days. */
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
          {summary.from === summary.to ? summary.from : `${summary.from} to ${summary.to}`} (UTC days), by {summary.bucket === 'hour' ? 'hour (your time zone)' : 'day'}.{' '}
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
          No requests {days === 1 ? 'today' : `in the last ${days} days`}. Point a tool at <code>{status ? `${status.url}/v1` : 'Outcrop'}</code> and its usage shows here.
        </div>
      )}
      {summary && !empty && (
        <>
          <Suspense fallback={<p className="skeleton usage-charts-loading">Loading charts…</p>}>
            <UsageCharts summary={summary} />
          </Suspense>
          <div className="card">
            <div className="usage-card-head">
              <h2>By model</h2>
              <button type="button" onClick={() => downloadUsageCsv(summary)}>
                Export CSV
              </button>
            </div>
            <ModelBreakdown rows={summary.byModel} />
          </div>
          <PricesCard used={summary.byModel} />
          <details className="card usage-days">
            <summary>{summary.bucket === 'hour' ? 'Hourly figures' : 'Daily figures'}</summary>
            <TimelineTable summary={summary} />
          </details>
        </>
      )}
    </section>
  );
}

function TimelineTable({ summary }: { summary: UsageSummary }) {
  const hourly = summary.bucket === 'hour';
  // Hours without requests are left out (a day has 24 of them); every day of a range is listed.
  const rows = [...summary.timeline].reverse().filter((b) => !hourly || b.total.requests > 0);
  return (
    <table data-testid="usage-timeline-table">
      <TableHead columns={[hourly ? 'Hour' : 'Day (UTC)', ...NUM('Requests', 'Input', 'Output', 'Cached', 'Cost')]} />
      <tbody>
        {rows.map((b) => (
          <tr key={b.key}>
            <th scope="row">{hourly ? bucketLabel('hour', b.start / 1000) : b.key}</th>
            <td className="num">{formatTokens(b.total.requests)}</td>
            <td className="num">{formatTokens(b.total.inputTokens)}</td>
            <td className="num">{formatTokens(b.total.outputTokens)}</td>
            <td className="num">{formatTokens(b.total.cacheReadTokens)}</td>
            <td className="num">{formatCost(b.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
