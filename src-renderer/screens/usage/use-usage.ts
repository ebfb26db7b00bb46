import { useCallback, useEffect } from 'react';
import type { UsageSummary } from '../../../src-shared/admin';
import { useLatestLoad } from '../../components/use-latest-load';
import { useOutcrop } from '../../context';

// Reloads at most this often while requests keep arriving: the usage totals read the day files.
const REFRESH_THROTTLE_MS = 2000;

export interface UsageState {
  summary?: UsageSummary;
  /** True until the first answer. */
  loading: boolean;
  /** True while an answer for a new range is on its way (the old one stays shown). */
  busy: boolean;
  error?: string;
  reload(): void;
}

/** The usage summary for the last `days` days, refreshed (throttled) as requests finish. */
export function useUsage(days: number): UsageState {
  const { api, onEvent } = useOutcrop();
  const fetcher = useCallback(() => api.usage(days), [api, days]);
  const { data: summary, error, loading, reload } = useLatestLoad(fetcher);
  const load = useCallback(() => void reload(), [reload]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const stop = onEvent((e) => {
      if (e.type !== 'request' || timer) return;
      const wait = Math.max(0, last + REFRESH_THROTTLE_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        load();
      }, wait);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [onEvent, load]);

  return { summary, loading: loading && !summary, busy: loading, error, reload: load };
}
