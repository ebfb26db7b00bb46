import { REQUEST_PROTOCOLS } from '../../../src-shared/request-log';
import { NO_FILTERS, type LogFilters } from './log-filter';
import { PROTOCOL_LABELS } from './log-format';

interface Props {
  value: LogFilters;
  onChange(next: LogFilters): void;
  /** Model names seen so far, offered as suggestions. */
  models: string[];
}

/** Model, status, API and free-text filters; labels tied to their inputs. */
export function LogFilterBar({ value, onChange, models }: Props) {
  return (
    <form className="logs-filters" role="search" aria-label="Filter requests" onSubmit={(e) => e.preventDefault()}>
      <div className="logs-filter">
        <label htmlFor="log-filter-model">Model</label>
        <input
          id="log-filter-model"
          list="log-filter-models"
          placeholder="any model"
          value={value.model}
          onChange={(e) => onChange({ ...value, model: e.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id="log-filter-models">
          {models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </div>
      <div className="logs-filter">
        <label htmlFor="log-filter-status">Status</label>
        <select id="log-filter-status" value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value as LogFilters['status'] })}>
          <option value="">All</option>
          <option value="ok">Succeeded (2xx)</option>
          <option value="error">Failed</option>
        </select>
      </div>
      <div className="logs-filter">
        <label htmlFor="log-filter-protocol">API</label>
        <select id="log-filter-protocol" value={value.protocol} onChange={(e) => onChange({ ...value, protocol: e.target.value as LogFilters['protocol'] })}>
          <option value="">All</option>
          {REQUEST_PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {PROTOCOL_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="logs-filter logs-filter-text">
        <label htmlFor="log-filter-text">Search</label>
        <input
          id="log-filter-text"
          type="search"
          placeholder="client, endpoint, error…"
          value={value.text}
          onChange={(e) => onChange({ ...value, text: e.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {(value.model || value.status || value.protocol || value.text) && (
        <button type="button" className="logs-clear" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </form>
  );
}
