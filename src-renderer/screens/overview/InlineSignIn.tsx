import { useEffect, useState } from 'react';
import type { SignInView } from '../../../src-shared/admin';
import { useOutcrop } from '../../context';

/**
 * A small AWS SSO sign-in: starts it, opens the sign-in page, shows the code to confirm, and
 * follows the live 'sign-in' events until it is done or failed. The Credentials screen has the
 * full flow (device code, other profiles).
 */
export function InlineSignIn({ profile }: { profile: string }) {
  const { api, onEvent, refresh } = useOutcrop();
  const [view, setView] = useState<SignInView>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const id = view?.id;

  useEffect(() => {
    if (!id) return;
    return onEvent((e) => {
      if (e.type === 'sign-in' && e.signIn.id === id) setView(e.signIn);
    });
  }, [id, onEvent]);

  useEffect(() => {
    if (view?.state === 'done') void refresh();
  }, [view?.state, refresh]);

  const start = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const started = await api.startSignIn({ profile });
      setView(started);
      const win = window.open(started.url, '_blank');
      if (win) win.opener = null;
      setBlocked(!win);
      // An event may have gone by before we listened: ask once.
      setView(await api.signIn(started.id).catch(() => started));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (): Promise<void> => {
    if (!view) return;
    await api.cancelSignIn(view.id).catch((err: Error) => setError(err.message));
  };

  if (view?.state === 'pending') {
    return (
      <div className="ov-signin" role="group" aria-label="Sign-in in progress" data-testid="inline-sign-in">
        <p>
          <span className="ov-spinner" aria-hidden /> Finish signing in to <strong>{view.profile}</strong> in the browser window that opened
          {view.userCode ? (
            <>
              {' '}and check that it shows the code <code className="ov-user-code">{view.userCode}</code>
            </>
          ) : null}
          .
        </p>
        <div className="row">
          <a href={view.url} target="_blank" rel="noopener noreferrer">
            {blocked ? 'Open the sign-in page (the browser blocked the window)' : 'Open the sign-in page again'}
          </a>
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="ov-signin" data-testid="inline-sign-in">
      {view?.state === 'done' && <p className="ov-ok" role="status">Signed in to {view.profile}.</p>}
      {view && (view.state === 'failed' || view.state === 'cancelled') && (
        <p className="ov-bad" role="alert">
          {view.state === 'cancelled' ? 'Sign-in cancelled.' : `Sign-in failed: ${view.message ?? 'no reason given'}`}
        </p>
      )}
      {error && (
        <p className="ov-bad" role="alert">
          Could not start the sign-in: {error}
        </p>
      )}
      {view?.state !== 'done' && (
        <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
          {busy ? 'Starting…' : view ? 'Try again' : 'Sign in'}
        </button>
      )}
    </div>
  );
}
