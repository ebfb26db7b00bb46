import { useState, type KeyboardEvent } from 'react';
import type { RequestLogEntry } from '../../../src-shared/request-log';
import { formatMs, formatTokens, formatUsd, formatDateTime } from '../../components/format-metrics';
import { clientLabel, entryKey, errorCodeBreaks, logTime, PROTOCOL_LABELS, protocolOf, statusClass, streamTtft } from './log-format';
import { TableHead, type Column } from '../../components/TableHead';

const COLUMNS: Column[] = [
  'Time',
  'Client',
  'API',
  'Model → Bedrock model',
  'Status',
  { label: 'Latency', num: true },
  { label: 'TTFT', num: true, title: 'Time to first token (streamed requests only)' },
  { label: 'In', num: true, title: 'Input tokens' },
  { label: 'Out', num: true, title: 'Output tokens' },
  { label: 'Cached', num: true, title: 'Cache read tokens' },
  { label: 'Cost', num: true },
];

// The emulator bills nothing: its column says so.
const SIMULATED_COLUMNS: Column[] = [...COLUMNS.slice(0, -1), { label: 'Cost (simulated)', num: true, title: 'Simulated: the emulator bills nothing' }];

interface Props {
  entries: RequestLogEntry[];
  /** The open entry's entryKey. */
  selectedKey?: string;
  onOpen(entry: RequestLogEntry): void;
  /** Requests go to the emulator: costs are simulated. */
  simulated?: boolean;
}

/**
 * The request table. One row is in the tab order at a time; arrow keys, Home and End move between
 * rows, Enter or Space opens the details.
 */
export function LogTable({ entries, selectedKey, onOpen, simulated = false }: Props) {
  const [activeKey, setActiveKey] = useState<string>();
  const tabbable = entries.some((e) => entryKey(e) === activeKey) ? activeKey : entries[0] && entryKey(entries[0]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>): void => {
    const row = (event.target as HTMLElement).closest('tr');
    if (!row?.dataset.key) return;
    const index = entries.findIndex((e) => entryKey(e) === row.dataset.key);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(entries.length - 1, index + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = entries.length - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        onOpen(entries[index]);
        return;
      default:
        return;
    }
    event.preventDefault();
    const target = row.parentElement?.children[next] as HTMLElement | undefined;
    target?.focus();
  };

  return (
    <table className="logs-table" aria-label="Requests">
      <TableHead columns={simulated ? SIMULATED_COLUMNS : COLUMNS} />
      <tbody onKeyDown={onKeyDown}>
        {entries.map((e) => {
          const key = entryKey(e);
          return (
            <tr
              key={key}
              data-id={e.id}
              data-key={key}
              data-testid="log-row"
              tabIndex={key === tabbable ? 0 : -1}
              className={[statusClass(e) === 'bad' ? 'logs-row-error' : '', key === selectedKey ? 'logs-row-selected' : ''].join(' ').trim() || undefined}
              onFocus={() => setActiveKey(key)}
              onClick={() => onOpen(e)}
            >
              <td data-col="time" title={formatDateTime(e.time)}>
                {logTime(e.time)}
              </td>
              <td data-col="client" className="logs-client" title={e.userAgent ?? e.client}>
                {clientLabel(e)}
              </td>
              <td data-col="protocol" title={`${e.method ?? ''} ${e.endpoint}`.trim()}>
                {PROTOCOL_LABELS[protocolOf(e)]}
              </td>
              <td data-col="model" className="logs-model" title={[e.model, e.bedrockModel].filter(Boolean).join(' → ')}>
                <div className="logs-model-asked">
                  {e.model ?? '–'}
                  {e.stream && <span className="logs-tag">stream</span>}
                </div>
                {e.bedrockModel && e.bedrockModel !== e.model && <div className="logs-model-bedrock">→ {e.bedrockModel}</div>}
              </td>
              <td data-col="status" title={e.error ? `${e.error.code}: ${e.error.message}` : undefined}>
                <span className={`logs-status ${statusClass(e)}`}>{e.status}</span>
                {e.error && <div className="logs-code">{errorCodeBreaks(e.error.code)}</div>}
              </td>
              <td data-col="latency" className="num">{formatMs(e.latencyMs)}</td>
              <td data-col="ttft" className="num" title={e.stream ? undefined : 'Not streamed: the answer came whole'}>{formatMs(streamTtft(e))}</td>
              <td data-col="in" className="num">{formatTokens(e.inputTokens)}</td>
              <td data-col="out" className="num">{formatTokens(e.outputTokens)}</td>
              <td data-col="cached" className="num">{formatTokens(e.cacheReadTokens)}</td>
              <td data-col="cost" className="num">{formatUsd(e.costUsd)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
