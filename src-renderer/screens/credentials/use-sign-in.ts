import { useCallback, useEffect, useRef, useState } from 'react';
import type { SignInView } from '../../../src-shared/admin';
import { useOutcrop } from '../../context';

// Live events carry the progress; polling is the fallback when the event stream is down.
const POLL_MS = 2000;

export interface SignInState {
  /** The sign-in under way or just finished. */
  view?: SignInView;
  /** The profile whose sign-in is being started (waiting for the URL). */
  starting?: string;
  /** Starting failed (unknown profile, registration refused…). */
  startError?: { profile: string; message: string };
  start(profile: string, deviceCode: boolean): Promise<void>;
  cancel(): void;
  dismiss(): void;
}

/** Starts an SSO sign-in, opens its page in the browser, and follows it to the end. */
export function useSignIn(onFinished: (view: SignInView) => void): SignInState {
  const { api, onEvent, refresh } = useOutcrop();
  const [view, setView] = useState<SignInView>();
  const [starting, setStarting] = useState<string>();
  const [startError, setStartError] = useState<{ profile: string; message: string }>();
  const current = useRef<string | undefined>(undefined);
  // Events can beat the answer to startSignIn (a device code approved at once): keep the latest per id.
  const early = useRef(new Map<string, SignInView>());
  const finished = useRef(onFinished);
  finished.current = onFinished;

  const update = useCallback((next: SignInView) => {
    if (next.id !== current.current) return;
    setView((prev) => {
      if (prev?.state !== 'pending') return prev;
      return next;
    });
  }, []);

  useEffect(
    () =>
      onEvent((e) => {
        if (e.type !== 'sign-in') return;
        if (e.signIn.id === current.current) update(e.signIn);
        else early.current.set(e.signIn.id, e.signIn);
      }),
    [onEvent, update],
  );

  const pendingId = view?.state === 'pending' ? view.id : undefined;
  useEffect(() => {
    if (!pendingId) return;
    const timer = setInterval(() => void api.signIn(pendingId).then(update, () => undefined), POLL_MS);
    return () => clearInterval(timer);
  }, [api, pendingId, update]);

  const latest = useRef(view);
  latest.current = view;
  const state = view?.state;
  const viewId = view?.id;
  useEffect(() => {
    const v = latest.current;
    if (!v || v.state === 'pending') return;
    if (v.state === 'done') void refresh();
    finished.current(v);
  }, [state, viewId, refresh]);

  const start = useCallback(
    async (profile: string, deviceCode: boolean) => {
      setStarting(profile);
      setStartError(undefined);
      setView(undefined);
      current.current = undefined;
      try {
        const started = await api.startSignIn({ profile, deviceCode });
        current.current = started.id;
        setView(early.current.get(started.id) ?? started);
        early.current.clear();
        // In Electron this opens the system browser; in a browser, a new tab.
        window.open(started.url, '_blank', 'noopener,noreferrer');
      } catch (err) {
        setStartError({ profile, message: (err as Error).message });
      } finally {
        setStarting(undefined);
      }
    },
    [api],
  );

  const cancel = useCallback(() => {
    const id = current.current;
    if (!id) return;
    api.cancelSignIn(id).then(
      () => api.signIn(id).then(update, () => undefined),
      () => undefined,
    );
  }, [api, update]);

  const dismiss = useCallback(() => {
    current.current = undefined;
    setView(undefined);
    setStartError(undefined);
  }, []);

  return { view, starting, startError, start, cancel, dismiss };
}
