import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { useOutcrop } from '../context';
import { LogDrawer } from './logs/LogDrawer';
import { LogFilterBar } from './logs/LogFilterBar';
import { LogTable } from './logs/LogTable';
import { downloadJsonl } from './logs/export-jsonl';
import { hasFilters, NO_FILTERS, type LogFilters } from './logs/log-filter';
import { entryKey } from './logs/log-format';
import { useRequestLog } from './logs/use-request-log';
import './logs/logs.css';

// Typing in a filter reloads from the server once the user stops for a moment.
const FILTER_DEBOUNCE_MS = 250;

/** Live request log: filters, pause, held-back new entries, details drawer, export. */
export function LogsScreen() {
  const simulated = useOutcrop().status?.backend.kind === 'emulator';
  const [draft, setDraft] = useState<LogFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<LogFilters>(NO_FILTERS);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<RequestLogEntry>();
  const scroller = useRef<HTMLDivElement>(null);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const scrolledRef = useRef(false);

  useEffect(() => {
    const timer = setTimeout(() => setFilters(draft), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  // Rows stay put while paused or while the user reads below the top.
  const holdBack = useCallback(() => pausedRef.current || scrolledRef.current, []);
  const log = useRequestLog(filters, holdBack);
  const { entries, pending, showPending } = log;

  const models = useMemo(() => [...new Set([...pending, ...entries].flatMap((e) => (e.model ? [e.model] : [])))].sort(), [entries, pending]);
  const clients = useMemo(() => [...new Set([...pending, ...entries].flatMap((e) => (e.client ? [e.client] : [])))].sort(), [entries, pending]);

  const revealNew = (): void => {
    showPending();
    scroller.current?.scrollTo({ top: 0 });
    scrolledRef.current = false;
    // The button goes away: keep keyboard focus in the table, on the newest row.
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>('tbody tr')?.focus());
  };

  const togglePause = (): void => {
    if (paused) {
      setPaused(false);
      if (!scrolledRef.current) showPending();
    } else setPaused(true);
  };

  const closeDrawer = useCallback(() => {
    const key = selected && entryKey(selected);
    setSelected(undefined);
    if (key) scroller.current?.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(key)}"]`)?.focus();
  }, [selected]);

  return (
    <section aria-labelledby="logs-title" className="logs">
      <header className="logs-head">
        <h1 id="logs-title">
          Logs
          <span className={`pill ${paused ? 'pill-warn' : 'pill-ok'} logs-live-pill`} data-testid="logs-live-state">
            {paused ? 'Paused' : 'Live'}
          </span>
        </h1>
        <div className="row">
          <button type="button" onClick={togglePause} aria-pressed={paused}>
            {paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" onClick={() => downloadJsonl([...pending, ...entries])} disabled={entries.length + pending.length === 0}>
            Export JSONL
          </button>
        </div>
      </header>
      <LogFilterBar value={draft} onChange={setDraft} models={models} clients={clients} />
      {log.error && (
        <div className="banner banner-bad" role="alert">
          Could not load the request log: {log.error}{' '}
          <button type="button" onClick={log.reload}>
            Try again
          </button>
        </div>
      )}
      <div className="logs-table-wrap">
        <div className="logs-new-slot" aria-live="polite">
          {pending.length > 0 && (
            <button type="button" className="primary logs-new" onClick={revealNew} data-testid="logs-new-entries">
              ↑ {pending.length} new {pending.length === 1 ? 'entry' : 'entries'}
            </button>
          )}
        </div>
        <div
          className="logs-scroll"
          ref={scroller}
          onScroll={(e) => {
            scrolledRef.current = e.currentTarget.scrollTop > 8;
          }}
        >
          <LogTable entries={entries} selectedKey={selected && entryKey(selected)} onOpen={setSelected} simulated={simulated} />
          {log.loading && entries.length === 0 && (
            <p className="skeleton" role="status">
              Loading requests…
            </p>
          )}
          {!log.loading && !log.error && entries.length === 0 && (
            <p className="empty" data-testid="logs-empty">
              {hasFilters(filters) ? 'No requests match these filters.' : 'No requests yet. Requests your tools send through Outcrop appear here as they finish.'}
            </p>
          )}
          {log.hasOlder && entries.length > 0 && (
            <div className="logs-more">
              <button type="button" onClick={log.loadOlder} disabled={log.loadingOlder}>
                {log.loadingOlder ? 'Loading…' : 'Load older requests'}
              </button>
            </div>
          )}
        </div>
      </div>
      <p className="muted logs-foot" data-testid="logs-count">
        {entries.length} {entries.length === 1 ? 'request' : 'requests'} shown
        {paused && pending.length === 0 && ' · paused: new requests wait until you resume'}
      </p>
      {selected && <LogDrawer entry={selected} onClose={closeDrawer} simulated={simulated} />}
    </section>
  );
}
