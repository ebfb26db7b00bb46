import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProfileSummary } from '../../../src-shared/aws';
import { useOutcrop } from '../../context';

export interface ProfilesState {
  active?: string;
  profiles?: ProfileSummary[];
  problems: string[];
  loading: boolean;
  error?: string;
  /** Reloads; resolves when the new list is shown (or failed). */
  reload(): Promise<void>;
}

/** The AWS profiles with their sign-in state, reloaded when credentials or settings change. */
export function useProfiles(): ProfilesState {
  const { api, onEvent, connection } = useOutcrop();
  const [data, setData] = useState<{ active: string; profiles: ProfileSummary[]; problems: string[] }>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    return api.profiles().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (err: Error) => {
        if (mine !== seq.current) return;
        setError(err.message);
        setLoading(false);
      },
    );
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);
  // The stream (re)opened: sign-ins may have finished while it was down.
  const previous = useRef(connection);
  useEffect(() => {
    if (connection === 'open' && previous.current !== 'open') void reload();
    previous.current = connection;
  }, [connection, reload]);
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type === 'credentials' || e.type === 'settings' || (e.type === 'sign-in' && e.signIn.state !== 'pending')) void reload();
      }),
    [onEvent, reload],
  );

  return { active: data?.active, profiles: data?.profiles, problems: data?.problems ?? [], loading, error, reload };
}
