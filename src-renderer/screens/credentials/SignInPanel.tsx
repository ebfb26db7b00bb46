import { useState } from 'react';
import type { SignInView } from '../../../src-shared/admin';
import { formatDateTime, formatRelative } from '../../components/format-metrics';

interface Props {
  view: SignInView;
  onCancel(): void;
  onDismiss(): void;
  onRetry(): void;
}

/** A sign-in under way: where to finish it (the user code for the device flow), progress, and the outcome. */
export function SignInPanel({ view, onCancel, onDismiss, onRetry }: Props) {
  const [copied, setCopied] = useState(false);
  const pending = view.state === 'pending';
  const host = safeHost(view.url);

  const copy = (): void => {
    if (!view.userCode) return;
    navigator.clipboard?.writeText(view.userCode).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <div className="card signin-panel" role="region" aria-labelledby="signin-title" data-testid="sign-in-panel" data-state={view.state}>
      <h2 id="signin-title">{pending ? `Signing in to ${view.profile}` : `Sign-in to ${view.profile}`}</h2>
      {pending && view.flow === 'device' && view.userCode && (
        <div className="signin-device">
          <p>
            A sign-in page opened at <strong>{host}</strong>. Check that it shows this code, then approve:
          </p>
          <div className="signin-code-row">
            <output className="signin-code" data-testid="sign-in-code" aria-label="Your sign-in code">
              {view.userCode}
            </output>
            <button type="button" onClick={copy}>
              {copied ? 'Copied' : 'Copy code'}
            </button>
          </div>
          <p className="muted">
            Page not open, or signing in on another device? Go to{' '}
            <a href={view.url} target="_blank" rel="noreferrer">
              {host}
            </a>{' '}
            and enter the code.
          </p>
        </div>
      )}
      {pending && view.flow === 'pkce' && (
        <p>
          Finish signing in on the page that opened in your browser ({host}).{' '}
          <a href={view.url} target="_blank" rel="noreferrer">
            Open the sign-in page again
          </a>
        </p>
      )}
      <div role="status" aria-live="polite" className="signin-status">
        {pending && (
          <span className="signin-waiting">
            <span className="signin-spinner" aria-hidden /> Waiting for you to approve in the browser…
          </span>
        )}
        {view.state === 'done' && (
          <div className="banner banner-ok" data-testid="sign-in-result">
            Signed in to {view.profile}.
            {view.expiresAt && (
              <>
                {' '}
                The session lasts until <time dateTime={view.expiresAt}>{formatDateTime(view.expiresAt)}</time> ({formatRelative(view.expiresAt)}).
              </>
            )}
          </div>
        )}
        {view.state === 'failed' && (
          <div className="banner banner-bad" data-testid="sign-in-result">
            Sign-in failed: {view.message ?? 'the sign-in did not finish.'}
          </div>
        )}
        {view.state === 'cancelled' && (
          <p className="muted" data-testid="sign-in-result">
            Sign-in cancelled.
          </p>
        )}
      </div>
      <div className="row">
        {pending ? (
          <button type="button" className="danger" onClick={onCancel}>
            Cancel sign-in
          </button>
        ) : (
          <>
            {view.state !== 'done' && (
              <button type="button" className="primary" onClick={onRetry}>
                Try again
              </button>
            )}
            <button type="button" onClick={onDismiss}>
              Dismiss
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
