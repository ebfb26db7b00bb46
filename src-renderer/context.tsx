import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AdminEvent, AdminStatus, CredentialStatus } from '../src-shared/admin';
import type { Settings } from '../src-shared/settings';
import { ApiError, type Api, type StreamState } from './api';

// What every screen gets: the api, the latest status and settings, the stream's state, and a way
// to listen to live events. One connection to the event stream serves all screens.

export interface Outcrop {
  api: Api;
  status?: AdminStatus;
  settings?: Settings;
  connection: StreamState;
  /** An error loading the basics (status, settings), for the error state. */
  loadError?: string;
  refresh(): Promise<void>;
  /** Applies a settings patch and updates the shared copy; throws ApiError (with param) on bad input. */
  saveSettings(patch: Partial<Record<keyof Settings, unknown>>): Promise<Settings>;
  /** Listens to live events; returns the unsubscribe function. */
  onEvent(listener: (e: AdminEvent) => void): () => void;
}

const OutcropContext = createContext<Outcrop | undefined>(undefined);

/** The shared state of the settings UI. */
export function useOutcrop(): Outcrop {
  const value = useContext(OutcropContext);
  if (!value) throw new Error('useOutcrop outside OutcropProvider');
  return value;
}

export function OutcropProvider({ api, children }: { api: Api; children: ReactNode }) {
  const [status, setStatus] = useState<AdminStatus>();
  const [settings, setSettings] = useState<Settings>();
  const [connection, setConnection] = useState<StreamState>('connecting');
  const [loadError, setLoadError] = useState<string>();
  const listeners = useRef(new Set<(e: AdminEvent) => void>());
  // Credential and settings changes arrive as events. A status or settings response computed
  // before such a change can arrive after its event: the event's value must win, not the stale one.
  const latest = useRef<{ credentialSeq: number; credentials?: CredentialStatus; settingsSeq: number; settings?: Settings }>({ credentialSeq: 0, settingsSeq: 0 });
  const applyStatus = useCallback((st: AdminStatus, seenSeq: number) => {
    const l = latest.current;
    setStatus(l.credentialSeq !== seenSeq && l.credentials ? { ...st, credentials: l.credentials } : st);
  }, []);

  const refresh = useCallback(async () => {
    const { credentialSeq, settingsSeq } = latest.current;
    try {
      const [st, se] = await Promise.all([api.status(), api.settings()]);
      applyStatus(st, credentialSeq);
      const l = latest.current;
      setSettings(l.settingsSeq !== settingsSeq && l.settings ? l.settings : se);
      setLoadError(undefined);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setConnection('unauthorized');
      else setLoadError((err as Error).message);
    }
  }, [api, applyStatus]);

  useEffect(() => {
    void refresh();
    const stop = api.events(
      (event) => {
        if (event.type === 'settings') {
          latest.current = { ...latest.current, settingsSeq: latest.current.settingsSeq + 1, settings: event.settings };
          setSettings(event.settings);
        }
        if (event.type === 'settings-problem') setStatus((s) => (s ? { ...s, settingsProblem: event.problem } : s));
        if (event.type === 'credentials') {
          latest.current = { ...latest.current, credentialSeq: latest.current.credentialSeq + 1, credentials: event.state };
          setStatus((s) => (s ? { ...s, credentials: event.state } : s));
        }
        for (const l of listeners.current) l(event);
      },
      (state) => {
        setConnection(state);
        // Back after a lost connection: what changed meanwhile.
        if (state === 'open') void refresh();
      },
    );
    return stop;
  }, [api, refresh]);

  const saveSettings = useCallback(
    async (patch: Partial<Record<keyof Settings, unknown>>) => {
      const next = await api.patchSettings(patch);
      setSettings(next);
      const seen = latest.current.credentialSeq;
      void api.status().then((st) => applyStatus(st, seen), () => undefined);
      return next;
    },
    [api, applyStatus],
  );

  const onEvent = useCallback((listener: (e: AdminEvent) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  return (
    <OutcropContext.Provider value={{ api, status, settings, connection, loadError, refresh, saveSettings, onEvent }}>
      {children}
    </OutcropContext.Provider>
  );
}
