import { useCallback, useEffect, useRef, useState } from 'react';
import type { UsageSummary } from '../../../src-shared/admin';
import { formatTokens, formatUsd } from '../../components/format-metrics';
import { useOutcrop } from '../../context';

// A busy tool sends many requests a second: reload the totals at most this often.
const REFRESH_MS = 1500;

/** Today's requests, tokens and cost, refreshed (throttled) as requests finish. */
export function TodayCard() {
  const { api, onEvent, status } = useOutcrop();
  // The emulator bills nothing: its costs are what the same tokens would cost on AWS.
  const simulated = status?.backend.kind === 'emulator';
  const [usage, setUsage] = useState<UsageSummary>();
  const [error, setError] = useState<string>();
  const last = useRef(0);
  const timer = useRef<number | undefined>(undefined);

  const load = useCallback(async () => {
    last.current = Date.now();
    try {
      setUsage(await api.usage(1));
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api]);

  useEffect(() => {
    void load();
    const stop = onEvent((e) => {
      if (e.type !== 'request' || timer.current !== undefined) return;
      const wait = Math.max(0, last.current + REFRESH_MS - Date.now());
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        void load();
      }, wait);
    });
    return () => {
      stop();
      window.clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [load, onEvent]);

  const t = usage?.total;
  return (
    <section className="card ov-today" aria-labelledby="ov-today-title" aria-busy={!usage && !error}>
      <div className="ov-card-head">
        <h2 id="ov-today-title">Today</h2>
        <a href="#/usage" className="ov-more">
          Usage
        </a>
      </div>
      {error && !usage ? (
        <div className="ov-inline-error" role="alert">
          <p>Today’s usage did not load: {error}</p>
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </div>
      ) : (
        <>
          <div className="ov-stats" data-testid="today-stats">
            <Stat label="Requests" value={t ? formatTokens(t.requests) : '–'} detail={t && t.errors > 0 ? `${formatTokens(t.errors)} failed` : undefined} tone="bad" />
            <Stat label="Tokens in" value={t ? formatTokens(t.inputTokens) : '–'} />
            <Stat label="Tokens out" value={t ? formatTokens(t.outputTokens) : '–'} />
            <Stat label="Cached" value={t ? formatTokens(t.cacheReadTokens) : '–'} detail={t && t.cacheSavingsUsd > 0 ? `saved ${formatUsd(t.cacheSavingsUsd)}` : undefined} tone="ok" />
            <Stat label={simulated ? 'Cost (simulated)' : 'Cost'} testId="today-cost" value={t ? formatUsd(t.costUsd) : '–'} />
          </div>
          <p className="ov-hint ov-save-line">
            {!usage ? 'Loading…' : t && t.requests === 0 ? 'No requests yet today. Point a tool at the address above.' : simulated ? 'Simulated: the emulator bills nothing; costs are what AWS on-demand prices would charge.' : 'Estimated from public on-demand prices.'}
          </p>
        </>
      )}
    </section>
  );
}

function Stat({ label, value, detail, tone, testId }: { label: string; value: string; detail?: string; tone?: 'ok' | 'bad'; testId?: string }) {
  return (
    <div className="ov-stat">
      <div className="ov-stat-value" data-testid={testId ?? `today-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {value}
      </div>
      <div className="ov-stat-label">{label}</div>
      {/* Always there (empty or not), so a first failure does not push the card down. */}
      <div className={`ov-stat-detail${tone ? ` ov-${tone}` : ''}`}>{detail ?? '\u00a0'}</div>
    </div>
  );
}
