import { useCallback, useEffect } from 'react';
import type { ProfileSummary } from '../../../src-shared/aws';
import { useLatestLoad } from '../../components/use-latest-load';
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
  const { api, onEvent } = useOutcrop();
  const fetcher = useCallback(() => api.profiles(), [api]);
  const { data, error, loading, reload } = useLatestLoad(fetcher);
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type === 'credentials' || e.type === 'settings' || (e.type === 'sign-in' && e.signIn.state !== 'pending')) void reload();
      }),
    [onEvent, reload],
  );

  return { active: data?.active, profiles: data?.profiles, problems: data?.problems ?? [], loading: loading && !data, error, reload };
}
