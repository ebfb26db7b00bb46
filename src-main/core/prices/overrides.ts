import { builtInAliases } from '../../../src-proxy/models/catalog';
import type { PriceOverride } from '../../../src-shared/settings';
import { baseModelId, type SourcedPrice } from '../request-log/prices';

// The user's own prices (settings.priceOverrides) and which one applies to a model id.

// "anthropic.claude-sonnet-4-5-20250929-v1:0" and "anthropic.claude-sonnet-4-5-20250929" are one model.
export const stemOf = (id: string): string => id.replace(/-v\d+(:\d+)*$|-\d+:\d+$|:\d+$/, '');

/**
 * The override for a model id (any profile prefix or ARN), with the key it is under; most specific
 * first: the exact id, its base id (every profile of the model), a shorter id the base id starts
 * with or equals but for its version ("anthropic.claude-sonnet-4-5": every version; the longest
 * wins), then an alias (the user's, then the built-in ones) naming the model.
 */
export function findOverride(modelId: string, overrides: Record<string, PriceOverride>, aliases: Record<string, string>): { key: string; price: SourcedPrice } | undefined {
  const keys = Object.keys(overrides);
  if (!keys.length) return undefined;
  const id = modelId.trim().toLowerCase();
  const base = baseModelId(modelId);
  const found = (key: string): { key: string; price: SourcedPrice } => {
    const o = overrides[key];
    return { key, price: { input: o.input, output: o.output, ...(o.cacheRead !== undefined ? { cacheRead: o.cacheRead } : {}), ...(o.cacheWrite !== undefined ? { cacheWrite: o.cacheWrite } : {}), source: 'override' } };
  };
  const lower = new Map(keys.map((k) => [k.trim().toLowerCase(), k]));
  const exact = lower.get(id) ?? (base ? lower.get(base) : undefined);
  if (exact) return found(exact);
  if (!base) return undefined;
  let best: string | undefined;
  for (const [k, original] of lower) {
    if (k.includes('.') && (base.startsWith(k) || stemOf(base) === stemOf(k)) && (!best || k.length > best.length)) best = original;
  }
  if (best) return found(best);
  const builtIn = new Map(builtInAliases().map((a) => [a.alias, a.id]));
  for (const [k, original] of lower) {
    if (k.includes('.')) continue;
    const target = aliases[original] ?? builtIn.get(k);
    const targetBase = target ? baseModelId(target) : undefined;
    if (targetBase && (targetBase === base || stemOf(targetBase) === stemOf(base))) return found(original);
  }
  return undefined;
}
