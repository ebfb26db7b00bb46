import type { UsageRow } from '../../../src-shared/admin';
import { formatCost, formatTokens, formatUsd } from '../../components/format-metrics';

/** The range's totals as a row of figures. */
export function UsageTotals({ total, simulated = false }: { total: UsageRow; simulated?: boolean }) {
  const stats: Array<{ id: string; label: string; value: string; note?: string }> = [
    { id: 'requests', label: 'Requests', value: formatTokens(total.requests), note: total.errors ? `${formatTokens(total.errors)} failed` : 'none failed' },
    { id: 'input', label: 'Input tokens', value: formatTokens(total.inputTokens) },
    { id: 'output', label: 'Output tokens', value: formatTokens(total.outputTokens) },
    { id: 'cached', label: 'Cached tokens read', value: formatTokens(total.cacheReadTokens), note: total.cacheWriteTokens ? `${formatTokens(total.cacheWriteTokens)} written` : undefined },
    {
      id: 'cost',
      label: simulated ? 'Estimated cost (simulated)' : 'Estimated cost',
      value: formatCost(total),
      note: total.unpriced > 0 && total.unpriced < total.requests ? `${formatTokens(total.unpriced)} ${total.unpriced === 1 ? 'request' : 'requests'} without a price not included` : undefined,
    },
    { id: 'savings', label: 'Saved by caching', value: formatUsd(total.cacheSavingsUsd) },
  ];
  return (
    <dl className="grid usage-totals">
      {stats.map((s) => (
        <div key={s.id} className="card stat" data-testid={`usage-total-${s.id}`}>
          <dt className="label">{s.label}</dt>
          <dd className="value">{s.value}</dd>
          {s.note && <dd className="note muted">{s.note}</dd>}
        </div>
      ))}
    </dl>
  );
}
