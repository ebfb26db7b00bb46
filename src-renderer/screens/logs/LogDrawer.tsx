import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { RequestLogEntry } from '../../../src-shared/request-log';
import { formatDateTime, formatMs, formatTokens, formatUsd } from '../../components/format-metrics';
import { CopyButton } from '../../components/CopyButton';
import { clientLabel, PROTOCOL_LABELS, protocolOf, statusClass, streamTtft } from './log-format';

interface Props {
  entry: RequestLogEntry;
  onClose(): void;
  /** Requests go to the emulator: costs are simulated. */
  simulated?: boolean;
}

/** Everything logged about one request, beside the table. Escape closes it. */
export function LogDrawer({ entry, onClose, simulated = false }: Props) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeButton.current?.focus();
  }, [entry.id]);

  const fields: Array<[string, ReactNode]> = [
    ['Time', formatDateTime(entry.time)],
    [
      'Request id',
      <span key="id" className="logs-id">
        <code data-testid="log-drawer-id">{entry.id}</code>
        <CopyButton text={entry.id} what="request id" />
      </span>,
    ],
    ['Endpoint', <code key="ep">{`${entry.method ? `${entry.method} ` : ''}${entry.endpoint}`}</code>],
    ['API', PROTOCOL_LABELS[protocolOf(entry)]],
    ['Client', clientLabel(entry)],
    ['User-agent', entry.userAgent ? <code key="ua">{entry.userAgent}</code> : '–'],
    ['Model asked', entry.model ?? '–'],
    ['Bedrock model', entry.bedrockModel ? <code key="bm">{entry.bedrockModel}</code> : '–'],
    ['Streaming', entry.stream ? 'yes' : 'no'],
    ['Status', <span key="st" className={`logs-status ${statusClass(entry)}`}>{entry.status}</span>],
    ['Finish reason', entry.finishReason ?? '–'],
    ['Latency', formatMs(entry.latencyMs)],
    ['Time to first token', entry.stream ? formatMs(streamTtft(entry)) : 'not streamed'],
    ['Input tokens', formatTokens(entry.inputTokens)],
    ['Output tokens', formatTokens(entry.outputTokens)],
    ['Cache read tokens', formatTokens(entry.cacheReadTokens)],
    ['Cache write tokens', formatTokens(entry.cacheWriteTokens)],
    ['Reasoning tokens', formatTokens(entry.reasoningTokens)],
    [simulated ? 'Estimated cost (simulated)' : 'Estimated cost', entry.costUsd === undefined ? 'no price for this model' : formatUsd(entry.costUsd)],
  ];

  return (
    <aside
      className="drawer logs-drawer"
      role="dialog"
      aria-modal="false"
      aria-labelledby="log-drawer-title"
      data-testid="log-drawer"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="logs-drawer-head">
        <h2 id="log-drawer-title">
          {entry.endpoint} · {entry.status}
        </h2>
        <button ref={closeButton} type="button" onClick={onClose} aria-label="Close details">
          Close
        </button>
      </header>
      {entry.error && (
        <div className="banner banner-bad logs-drawer-error" data-testid="log-drawer-error">
          <strong>{entry.error.code}</strong>: {entry.error.message}
        </div>
      )}
      <dl className="logs-fields">
        {fields.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Bodies bodies={entry.bodies} />
    </aside>
  );
}

function Bodies({ bodies }: { bodies: RequestLogEntry['bodies'] }) {
  const [tab, setTab] = useState<'request' | 'response'>('request');
  if (!bodies) {
    return (
      <p className="muted logs-bodies-off" data-testid="log-bodies-off">
        Request and response bodies are off. Turn on <em>Keep request and response bodies</em> in <a href="#/settings">Settings</a> to see the
        translated request and response of new requests here.
      </p>
    );
  }
  const body = bodies[tab];
  const json = body === undefined ? undefined : JSON.stringify(body, null, 2);
  return (
    <div className="logs-bodies">
      <h3>Translated to Bedrock</h3>
      <div className="tabs" role="tablist" aria-label="Bodies">
        {(['request', 'response'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`log-body-tab-${t}`}
            aria-selected={tab === t}
            aria-controls="log-body-panel"
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = t === 'request' ? 'response' : 'request';
                setTab(next);
                document.getElementById(`log-body-tab-${next}`)?.focus();
              }
            }}
          >
            {t === 'request' ? 'Request' : 'Response'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="log-body-panel" aria-labelledby={`log-body-tab-${tab}`}>
        {json === undefined ? (
          <p className="muted">Not recorded.</p>
        ) : (
          <>
            <div className="logs-body-tools">
              <CopyButton text={json} what={`${tab} body`} />
            </div>
            <pre data-testid="log-body">{json}</pre>
          </>
        )}
      </div>
    </div>
  );
}
