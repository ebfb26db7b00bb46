import type { UsageRow } from '../../../src-shared/admin';
import { formatCost, formatTokens, formatUsd } from '../../components/format-metrics';
import { TableHead, numeric as NUM } from '../../components/TableHead';

/** A model row's name: its display name (alias, catalogue or account name), else its id. */
export function modelLabel(row: Pick<UsageRow, 'key' | 'displayName'>): string {
  return row.displayName ?? row.key;
}

/** Usage per model: a table whose last column draws each model's share as a bar. */
export function ModelBreakdown({ rows }: { rows: UsageRow[] }) {
  // Share of cost when anything was priced, else of tokens (unpriced models still show).
  const byCost = rows.some((r) => r.costUsd > 0);
  const measure = (r: UsageRow): number => (byCost ? r.costUsd : r.inputTokens + r.outputTokens);
  const max = Math.max(0, ...rows.map(measure));
  const sum = rows.reduce((n, r) => n + measure(r), 0);
  return (
    // Focusable so keyboard users can scroll it sideways when the window is narrow (axe: scrollable-region-focusable).
    <div className="usage-table-scroll" tabIndex={0} role="region" aria-label="Usage per model">
      <table className="usage-models" data-testid="usage-models">
        <TableHead columns={['Model', ...NUM('Requests', 'Input', 'Output', 'Cached', 'Cost', 'Saved'), `Share of ${byCost ? 'cost' : 'tokens'}`]} />
        <tbody>
          {rows.map((r) => {
            const share = sum > 0 ? measure(r) / sum : 0;
            const partly = r.unpriced > 0 && r.unpriced < r.requests;
            return (
              <tr key={r.key}>
                <th scope="row" className="usage-model-name" title={r.key} data-model-id={r.key}>
                  <span className="usage-model-label">{modelLabel(r)}</span>
                  {/* The id for screen readers too (a title alone is not read everywhere). */}
                  {r.displayName && <span className="visually-hidden"> ({r.key})</span>}
                </th>
                <td className="num">
                  {formatTokens(r.requests)}
                  {r.errors > 0 && <span className="usage-errors"> ({formatTokens(r.errors)} failed)</span>}
                </td>
                <td className="num">{formatTokens(r.inputTokens)}</td>
                <td className="num">{formatTokens(r.outputTokens)}</td>
                <td className="num">{formatTokens(r.cacheReadTokens)}</td>
                <td className="num" data-col="cost" title={partly ? `${formatTokens(r.unpriced)} of ${formatTokens(r.requests)} requests have no price and are not included` : undefined}>
                  {formatCost(r)}
                  {partly && <span className="muted"> + unpriced</span>}
                </td>
                <td className="num">{r.unpriced >= r.requests && r.requests > 0 ? '–' : formatUsd(r.cacheSavingsUsd)}</td>
                <td className="usage-share-cell">
                  <div className="usage-share">
                    <span className="usage-bar-track" aria-hidden>
                      <span className="usage-bar" style={{ width: `${max > 0 ? (measure(r) / max) * 100 : 0}%` }} />
                    </span>
                    <span className="usage-share-text">{Math.round(share * 100)}%</span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
