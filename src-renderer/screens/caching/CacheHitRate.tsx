import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelView, UsageSummary } from '../../../src-shared/admin';
import { useOutcrop } from '../../context';
import { formatTokensShort as tokens, formatUsd as usd } from '../../components/format-metrics';
import { hitRate, modelNames, percent } from './hit-rate';
import { TableHead, numeric as NUM } from '../../components/TableHead';

const DAYS = 7;
// Live requests can arrive many a second; the totals are re-read at most this often.
const REFRESH_EVERY_MS = 2_000;

/** The request log's verdict on caching over the last week: hit rate and savings, overall and per model. */
export function CacheHitRate({ models }: { models?: ModelView[] }) {
  const { api, onEvent } = useOutcrop();
  const [usage, setUsage] = useState<UsageSummary>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      setUsage(await api.usage(DAYS));
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api]);
  useThrottledRefresh(load, onEvent);

  const total = usage?.total;
  const names = modelNames(models);
  const rows = (usage?.byModel ?? []).filter((r) => r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens > 0);
  return (
    <div aria-busy={!usage && !error} data-testid="cache-hit-rate">
      {error && (
        <div className="banner banner-bad" role="alert">
          Could not read the request log: {error} <button type="button" onClick={() => void load()}>Try again</button>
        </div>
      )}
      <div className="grid cch-stats">
        <Stat label="Cache hit rate" value={total ? percent(hitRate(total)) : '…'} testId="cache-hit-rate-total" hint="of prompt tokens" />
        <Stat label="Read from cache" value={total ? tokens(total.cacheReadTokens) : '…'} hint="tokens" />
        <Stat label="Written to cache" value={total ? tokens(total.cacheWriteTokens) : '…'} hint="tokens" />
        <Stat label="Saved by caching" value={total ? usd(total.cacheSavingsUsd) : '…'} testId="cache-savings" hint="vs. paying full input price" />
      </div>
      {usage && rows.length === 0 && (
        <p className="empty" data-testid="cache-hit-rate-empty">No requests with prompt tokens in the last {DAYS} days yet.</p>
      )}
      {rows.length > 0 && (
        <table className="cch-table cch-rates">
          <TableHead columns={['Bedrock model', ...NUM('Requests', 'Input', 'Cache reads', 'Cache writes'), 'Hit rate', { label: 'Saved', num: true }]} />
          <tbody>
            {rows.map((r) => {
              const rate = hitRate(r);
              return (
                <tr key={r.key} data-testid={`cache-rate-row-${r.key}`}>
                  <th scope="row">
                    {names.get(r.key) && <div>{names.get(r.key)}</div>}
                    <div className="mono cch-model-id">{r.key}</div>
                  </th>
                  <td className="num">{r.requests.toLocaleString('en-US')}</td>
                  <td className="num">{tokens(r.inputTokens)}</td>
                  <td className="num">{tokens(r.cacheReadTokens)}</td>
                  <td className="num">{tokens(r.cacheWriteTokens)}</td>
                  <td>
                    <div className="cch-bar-cell">
                      <span className="cch-bar" aria-hidden>
                        <span style={{ width: `${Math.round((rate ?? 0) * 100)}%` }} />
                      </span>
                      <span className="cch-bar-value">{percent(rate)}</span>
                    </div>
                  </td>
                  <td className="num">{usd(r.cacheSavingsUsd)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint: string; testId?: string }) {
  return (
    <div className="stat cch-stat">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>{value}</div>
      <div className="cch-stat-hint">{hint}</div>
    </div>
  );
}

/** Loads now, then again after live 'request' events, at most once per REFRESH_EVERY_MS (the last event always counts). */
function useThrottledRefresh(load: () => Promise<void>, onEvent: ReturnType<typeof useOutcrop>['onEvent']): void {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    last.current = Date.now();
    void load();
    const stop = onEvent((e) => {
      if (e.type !== 'request' || timer.current) return;
      const wait = Math.max(0, last.current + REFRESH_EVERY_MS - Date.now());
      timer.current = setTimeout(() => {
        timer.current = undefined;
        last.current = Date.now();
        void load();
      }, wait);
    });
    return () => {
      stop();
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [load, onEvent]);
}
