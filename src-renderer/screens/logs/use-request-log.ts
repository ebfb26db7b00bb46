import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestLogEntry } from '../../../src-shared/request-log';
import { useOutcrop } from '../../context';
import { matchesFilters, toQuery, type LogFilters } from './log-filter';
import { entryKey, mergeEntries } from './log-format';

const PAGE = 200;
// The server keeps the last 1,000 entries in memory; the table holds no more than that.
const MAX_SHOWN = 1000;

export interface RequestLogView {
  /** What the table shows, newest first. */
  entries: RequestLogEntry[];
  /** Live entries held back (paused, or the user is reading further down), newest first. */
  pending: RequestLogEntry[];
  loading: boolean;
  error?: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Moves the held-back entries into the table. */
  showPending(): void;
  loadOlder(): void;
  reload(): void;
}

/**
 * The request log for the table: loaded with the filters (server-side), then live 'request'
 * events in front. While `holdBack()` says so, live entries wait in `pending` so rows never move
 * under the reader.
 */
export function useRequestLog(filters: LogFilters, holdBack: () => boolean): RequestLogView {
  const { api, onEvent, connection } = useOutcrop();
  const [entries, setEntries] = useState<RequestLogEntry[]>([]);
  const [pending, setPending] = useState<RequestLogEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const seq = useRef(0);
  const loadingRef = useRef(true);
  const arrivedDuringLoad = useRef<RequestLogEntry[]>([]);
  const pendingRef = useRef<RequestLogEntry[]>([]);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const holdRef = useRef(holdBack);
  holdRef.current = holdBack;

  const { model, status, protocol, client, range, from, to, text } = filters;
  const load = useCallback(() => {
    const mine = ++seq.current;
    loadingRef.current = true;
    arrivedDuringLoad.current = [];
    setLoading(true);
    api.logs({ ...toQuery({ model, status, protocol, client, range, from, to, text }), limit: PAGE }).then(
      (rows) => {
        if (mine !== seq.current) return;
        loadingRef.current = false;
        setEntries(mergeEntries(arrivedDuringLoad.current, rows, MAX_SHOWN));
        arrivedDuringLoad.current = [];
        pendingRef.current = [];
        setPending([]);
        setHasOlder(rows.length === PAGE);
        setError(undefined);
        setLoading(false);
      },
      (err: Error) => {
        if (mine !== seq.current) return;
        loadingRef.current = false;
        setError(err.message);
        setLoading(false);
      },
    );
  }, [api, model, status, protocol, client, range, from, to, text]);

  useEffect(load, [load]);

  const shown = useRef<RequestLogEntry[]>([]);
  shown.current = entries;
  // A finished request, live: into the table, or held back while the user reads.
  const deliver = useCallback((entry: RequestLogEntry) => {
    if (!matchesFilters(entry, filtersRef.current)) return;
    if (loadingRef.current) {
      arrivedDuringLoad.current = [entry, ...arrivedDuringLoad.current];
    } else if (holdRef.current() || pendingRef.current.length > 0) {
      const key = entryKey(entry);
      if (pendingRef.current.some((e) => entryKey(e) === key) || shown.current.some((e) => entryKey(e) === key)) return;
      pendingRef.current = [entry, ...pendingRef.current];
      setPending(pendingRef.current);
    } else {
      setEntries((list) => mergeEntries([entry], list, MAX_SHOWN));
    }
  }, []);

  useEffect(() => onEvent((event) => event.type === 'request' && deliver(event.entry)), [onEvent, deliver]);

  // The event stream only carries what happens while it is open: when it (re)opens, fetch what
  // finished meanwhile and treat it as live.
  useEffect(() => {
    if (connection !== 'open' || loadingRef.current) return;
    const since = shown.current[0]?.time ?? 0;
    api.logs({ ...toQuery(filtersRef.current), limit: PAGE }).then(
      (rows) => {
        const known = new Set([...shown.current, ...pendingRef.current].map(entryKey));
        for (const e of rows.reverse()) if (!known.has(entryKey(e)) && e.time >= since) deliver(e);
      },
      () => undefined,
    );
  }, [api, connection, deliver]);

  const showPending = useCallback(() => {
    const held = pendingRef.current;
    if (!held.length) return;
    pendingRef.current = [];
    setPending([]);
    setEntries((list) => mergeEntries(held, list, MAX_SHOWN));
  }, []);

  const loadOlder = useCallback(() => {
    // From the last row's millisecond on (not before it): requests of the same millisecond that
    // did not fit on the page are not skipped; the rows already shown are merged away.
    const last = entries[entries.length - 1];
    if (!last || loadingOlder) return;
    setLoadingOlder(true);
    api.logs({ ...toQuery({ model, status, protocol, client, range, from, to, text }), limit: PAGE, before: last.time + 1 }).then(
      (rows) => {
        setEntries((list) => mergeEntries(list, rows, MAX_SHOWN));
        setHasOlder(rows.length === PAGE);
        setLoadingOlder(false);
      },
      (err: Error) => {
        setError(err.message);
        setLoadingOlder(false);
      },
    );
  }, [api, entries, loadingOlder, model, status, protocol, client, range, from, to, text]);

  return { entries, pending, loading, error, hasOlder, loadingOlder, showPending, loadOlder, reload: load };
}
