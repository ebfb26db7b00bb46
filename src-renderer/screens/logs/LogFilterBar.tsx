import { REQUEST_PROTOCOLS } from '../../../src-shared/request-log';
import { hasFilters, NO_FILTERS, type LogFilters, type StatusFilter, type TimeRange } from './log-filter';
import { PROTOCOL_LABELS } from './log-format';

interface Props {
  value: LogFilters;
  onChange(next: LogFilters): void;
  /** Model names seen so far, offered as suggestions. */
  models: string[];
  /** Client names seen so far, offered as suggestions. */
  clients: string[];
}

const STATUS_LABELS: Record<StatusFilter, string> = {
  ok: 'Succeeded (2xx)',
  error: 'Failed',
  '4xx': 'Client errors (4xx)',
  '5xx': 'Server errors (5xx)',
  '429': 'Throttled (429)',
  '499': 'Client closed (499)',
};

const RANGE_LABELS: Record<TimeRange, string> = { '15m': 'Last 15 minutes', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', custom: 'From – to…' };

/** Model, status, API, client, time and free-text filters; labels tied to their inputs. */
export function LogFilterBar({ value, onChange, models, clients }: Props) {
  const set = (patch: Partial<LogFilters>): void => onChange({ ...value, ...patch });
  return (
    <form className="logs-filters" role="search" aria-label="Filter requests" onSubmit={(e) => e.preventDefault()}>
      <div className="logs-filter">
        <label htmlFor="log-filter-model">Model</label>
        <input id="log-filter-model" list="log-filter-models" placeholder="any model" value={value.model} onChange={(e) => set({ model: e.target.value })} autoComplete="off" spellCheck={false} />
        <datalist id="log-filter-models">
          {models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </div>
      <div className="logs-filter">
        <label htmlFor="log-filter-status">Status</label>
        <select id="log-filter-status" value={value.status} onChange={(e) => set({ status: e.target.value as LogFilters['status'] })}>
          <option value="">All</option>
          {(Object.keys(STATUS_LABELS) as StatusFilter[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="logs-filter">
        <label htmlFor="log-filter-protocol">API</label>
        <select id="log-filter-protocol" value={value.protocol} onChange={(e) => set({ protocol: e.target.value as LogFilters['protocol'] })}>
          <option value="">All</option>
          {REQUEST_PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {PROTOCOL_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="logs-filter">
        <label htmlFor="log-filter-client">Client</label>
        <input id="log-filter-client" list="log-filter-clients" placeholder="any client" value={value.client} onChange={(e) => set({ client: e.target.value })} autoComplete="off" spellCheck={false} />
        <datalist id="log-filter-clients">
          {clients.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </div>
      <div className="logs-filter">
        <label htmlFor="log-filter-time">Time</label>
        <select id="log-filter-time" value={value.range} onChange={(e) => set({ range: e.target.value as LogFilters['range'] })}>
          <option value="">Any time</option>
          {(Object.keys(RANGE_LABELS) as TimeRange[]).map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      {value.range === 'custom' && (
        <>
          <div className="logs-filter">
            <label htmlFor="log-filter-from">From</label>
            <input id="log-filter-from" type="datetime-local" value={value.from} max={value.to || undefined} onChange={(e) => set({ from: e.target.value })} />
          </div>
          <div className="logs-filter">
            <label htmlFor="log-filter-to">To</label>
            <input id="log-filter-to" type="datetime-local" value={value.to} min={value.from || undefined} onChange={(e) => set({ to: e.target.value })} />
          </div>
        </>
      )}
      <div className="logs-filter logs-filter-text">
        <label htmlFor="log-filter-text">Search</label>
        <input id="log-filter-text" type="search" placeholder="client, endpoint, error…" value={value.text} onChange={(e) => set({ text: e.target.value })} autoComplete="off" spellCheck={false} />
      </div>
      {hasFilters(value) && (
        <button type="button" className="logs-clear" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </form>
  );
}
