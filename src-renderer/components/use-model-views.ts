import { useCallback, useEffect, useState } from 'react';
import type { ModelView } from '../../src-shared/admin';
import { useOutcrop } from '../context';
import type { ModelOption } from './ModelCombobox';

export interface ModelViews {
  /** Undefined while the first listing loads. */
  models?: ModelView[];
  error?: string;
  reload(): Promise<void>;
}

/** The admin API's model list (aliases with targets, the account's models), reloaded when aliases change. */
export function useModelViews(): ModelViews {
  const { api, settings } = useOutcrop();
  const [models, setModels] = useState<ModelView[]>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setModels(await api.models());
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api]);
  // A changed alias changes its target (and the list of user aliases); the key keeps the effect
  // from running on every unrelated settings change.
  const aliasKey = settings ? JSON.stringify(settings.aliases) : '';
  useEffect(() => {
    void reload();
  }, [reload, aliasKey]);
  return { models, error, reload };
}

const GROUPS: Record<ModelView['source'], string> = {
  'user-alias': 'Your aliases',
  alias: 'Built-in aliases',
  account: 'Your account: models and inference profiles',
  catalog: 'Known models',
};

/** Picker options from the model list, grouped by where each name comes from; names the account's listing does not offer are marked. */
export function modelOptions(models: ModelView[] | undefined, opts: { exclude?: string; chatOnly?: boolean } = {}): ModelOption[] {
  if (!models) return [];
  const order: ModelView['source'][] = ['user-alias', 'alias', 'account', 'catalog'];
  return models
    .filter((m) => m.id !== opts.exclude && (!opts.chatOnly || m.kind === 'chat'))
    .map((m) => ({ value: m.id, label: describe(m), group: GROUPS[m.source], rank: order.indexOf(m.source), ...(m.access === 'not-listed' ? { unavailable: true } : {}) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ rank: _rank, ...o }) => o);
}

/** Whether the account's listing was read: some name is known to be available or not. */
export function listingKnown(models: ModelView[] | undefined): boolean {
  return (models ?? []).some((m) => m.access !== 'unknown');
}

/** What a picker says next to a name the account's listing does not offer. */
export function unavailableText(region: string | undefined): string {
  return region ? `not offered in ${region}` : 'not offered to this account';
}

function describe(m: ModelView): string {
  const parts = [m.name, m.kind === 'embedding' ? 'embeddings' : undefined].filter(Boolean);
  if (m.source === 'user-alias' && m.target) parts.push(`→ ${m.target}`);
  return parts.join(' · ');
}
