import { useCallback, useEffect, useRef, useState } from 'react';
import { useOutcrop } from '../context';

export interface LatestLoad<T> {
  data?: T;
  error?: string;
  /** True while a load is on its way (the previous data stays shown). */
  loading: boolean;
  /** Loads again; resolves when the answer is shown (or failed). */
  reload(): Promise<void>;
}

/**
 * Loads with `fetcher` whenever it changes, keeping only the newest call's answer (a slow old
 * answer never overwrites a newer one), and loads again when the event stream reopens after a
 * lost connection, since changes may have happened meanwhile.
 */
export function useLatestLoad<T>(fetcher: () => Promise<T>): LatestLoad<T> {
  const { connection } = useOutcrop();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    return fetcher().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (err: Error) => {
        if (mine !== seq.current) return;
        setError(err.message);
        setLoading(false);
      },
    );
  }, [fetcher]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const previous = useRef(connection);
  useEffect(() => {
    if (connection === 'open' && previous.current !== 'open') void reload();
    previous.current = connection;
  }, [connection, reload]);

  return { data, error, loading, reload };
}
