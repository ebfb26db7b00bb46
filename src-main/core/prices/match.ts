import type { ListedModel } from './offer';

// Which Bedrock model id a price list name is. The list names models for people ("Claude Sonnet
// 4.5", "Llama 3.3 70B", "Nova 2 Lite"), Bedrock by id ("anthropic.claude-sonnet-4-5-20250929-v1:0",
// "meta.llama3-3-70b-instruct-v1:0"). Two stages, each an exact match of a normalised key (lower
// case, letters and digits only, noise words dropped, so "Llama 3.3 70B" and "llama3-3-70b" both
// read "llama3370b"):
//   1. the model's own name from the account's listing (ListFoundationModels modelName) or the
//      built-in catalogue — the same people-facing name the price list uses;
//   2. the key of the id itself (provider, version suffix and release date dropped).
// A model whose key matches no name, or several, gets no price from the list: never a guess.

/** A model that can be priced: its base id and, when known, its name. */
export interface PriceCandidate {
  id: string;
  name?: string;
}

// Words one naming has and the other lacks while naming the same model.
const NOISE = new Set(['instruct', 'it', 'mantle', 'model', 'edition']);
const PROVIDERS = new Set(['amazon', 'anthropic', 'meta', 'mistral', 'mistralai', 'cohere', 'ai21', 'deepseek', 'openai', 'qwen', 'writer', 'google', 'minimax', 'moonshot', 'moonshotai', 'nvidia', 'zai', 'xai', 'stability', 'twelvelabs', 'luma']);

/** The comparable form of a name or id: lower case, letters and digits only, noise words dropped; `dropProvider` also drops a leading provider word. */
export function matchKey(value: string, dropProvider = false): string {
  const words = value.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const kept = words.filter((w, i) => !NOISE.has(w) && !(dropProvider && i === 0 && PROVIDERS.has(w) && words.length > 1));
  return kept.join('');
}

/** The key of a base model id: "anthropic.claude-sonnet-4-5-20250929-v1:0" → "claudesonnet45". */
export function idKey(id: string): string {
  let rest = id.toLowerCase().replace(/^[a-z0-9-]+\./, '');
  // Version and context-window tails: -v1:0, -v2:0:200k, -1:0, :0, -v1.
  rest = rest.replace(/-v?\d+(\.\d+)?:.*$/, '').replace(/:\d+.*$/, '').replace(/-v\d+$/, '');
  // A release date: -20250929.
  rest = rest.replace(/-\d{8}$/, '');
  return matchKey(rest);
}

/**
 * Maps candidates to the listed model whose name they are (see the stages above). Returns base
 * model id → listed model; candidates that match none or several names are left out.
 */
export function matchModels(listed: ListedModel[], candidates: PriceCandidate[]): Map<string, ListedModel> {
  const byKey = new Map<string, ListedModel[]>();
  const index = (key: string, model: ListedModel): void => {
    if (!key) return;
    const list = byKey.get(key) ?? [];
    if (!list.includes(model)) list.push(model);
    byKey.set(key, list);
  };
  for (const model of listed) {
    index(matchKey(model.name), model);
    index(matchKey(model.name, true), model);
  }
  const out = new Map<string, ListedModel>();
  for (const c of candidates) {
    const stages = [c.name ? [matchKey(c.name), matchKey(c.name, true)] : [], [idKey(c.id)]];
    for (const keys of stages) {
      const found = new Set(keys.flatMap((k) => byKey.get(k) ?? []));
      if (found.size === 0) continue;
      if (found.size === 1) out.set(c.id, [...found][0]);
      // Several names for one model: ambiguous, so no price from the list (and no later stage either).
      break;
    }
  }
  return out;
}
