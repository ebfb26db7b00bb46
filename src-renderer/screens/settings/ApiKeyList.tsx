import { useEffect, useRef } from 'react';
import type { ApiKey } from '../../../src-shared/settings';
import { CopyButton } from '../../components/CopyButton';
import { createdOn, maskApiKey } from './api-keys';
import { TableHead } from '../../components/TableHead';

export interface ApiKeyListProps {
  keys: ApiKey[];
  revealed: ReadonlySet<string>;
  /** The key just created, highlighted. */
  fresh?: string;
  confirming?: string;
  busy: boolean;
  onReveal(id: string): void;
  onAskDelete(id: string | undefined): void;
  onDelete(key: ApiKey): void;
}

/** The client API keys: name, created date, masked key with reveal and copy, delete with a confirm step. */
export function ApiKeyList(props: ApiKeyListProps) {
  if (props.keys.length === 0) {
    return (
      <p className="st-empty" data-testid="api-keys-empty">
        No API keys yet. Create one below for each tool or machine, so you can revoke them one at a time.
      </p>
    );
  }
  return (
    <table className="st-keys" aria-label="API keys">
      <TableHead columns={['Name', 'Created', 'Key']} actions="Actions" />
      <tbody>
        {props.keys.map((k) => (
          <KeyRow key={k.id} apiKey={k} {...props} />
        ))}
      </tbody>
    </table>
  );
}

function KeyRow({ apiKey: k, revealed, fresh, confirming, busy, onReveal, onAskDelete, onDelete }: ApiKeyListProps & { apiKey: ApiKey }) {
  const shown = revealed.has(k.id);
  const asking = confirming === k.id;
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  return (
    <tr className={k.id === fresh ? 'st-key-fresh' : undefined} data-testid="api-key-row" onKeyDown={(e) => asking && e.key === 'Escape' && onAskDelete(undefined)}>
      <td className="st-key-name" title={k.name}>
        {k.name}
      </td>
      <td className="muted">{createdOn(k.createdAt)}</td>
      <td className="st-key-value">
        <code data-testid="api-key-value">{shown ? k.key : maskApiKey(k.key)}</code>
      </td>
      <td className="st-key-actions">
        {asking ? (
          <span className="st-confirm" role="group" aria-label={`Delete ${k.name}?`}>
            <span>Delete? Tools using it stop working.</span>
            <button ref={confirmRef} type="button" className="danger" disabled={busy} onClick={() => onDelete(k)}>
              Delete key
            </button>
            <button type="button" onClick={() => onAskDelete(undefined)}>
              Cancel
            </button>
          </span>
        ) : (
          <>
            <button type="button" className="st-reveal" aria-label={`${shown ? 'Hide' : 'Show'} key ${k.name}`} onClick={() => onReveal(k.id)}>
              {shown ? 'Hide' : 'Show'}
            </button>
            <CopyButton text={k.key} what={`key ${k.name}`} />
            <button type="button" className="danger" aria-label={`Delete key ${k.name}`} disabled={busy} onClick={() => onAskDelete(k.id)}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
