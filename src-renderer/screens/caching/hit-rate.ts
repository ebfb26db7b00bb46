import type { ModelView, UsageRow } from '../../../src-shared/admin';

/**
 * The share of prompt tokens served from the cache: cache reads / (input + cache reads + cache
 * writes). Undefined when no prompt tokens were counted (nothing to rate).
 */
export function hitRate(row: Pick<UsageRow, 'inputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>): number | undefined {
  const prompt = row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens;
  return prompt > 0 ? row.cacheReadTokens / prompt : undefined;
}

/** A rate as a percentage for the screen ("90%", "0.4%", "—"). */
export function percent(rate: number | undefined): string {
  if (rate === undefined) return '—';
  const p = rate * 100;
  return `${p > 0 && p < 1 ? p.toFixed(1) : Math.round(p)}%`;
}

/** Readable names for Bedrock model ids (what usage groups by), from the built-in aliases' targets. */
export function modelNames(models: ModelView[] | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of models ?? []) {
    if (m.name && m.target && m.source !== 'user-alias' && !names.has(m.target)) names.set(m.target, m.name);
  }
  return names;
}
