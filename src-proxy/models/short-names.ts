import type { AccountModels } from '../bedrock/gateway';
import { anthropicApiIdOf, parseAnthropicApiId } from './anthropic-ids';

// Short model names by rule, for every provider: the name a user types for a Bedrock model id is
// the id without its provider and its revision suffix (amazon.nova-2-lite-v1:0 → nova-2-lite,
// qwen.qwen3-coder-480b-a35b-v1:0 → qwen3-coder-480b-a35b, openai.gpt-oss-120b-1:0 →
// gpt-oss-120b; Claude by Anthropic's own names, claude-sonnet-4-6). A name matches a model when
// its words are the model's words or the first of them ("qwen3-coder" names every Qwen3 Coder),
// so a model Bedrock lists tomorrow is found by the name people will call it, without a table.

/**
 * The revision suffix Bedrock adds to ids: -v1:0, :0, -1:0 (gpt-oss). A -v2 or later is the model's
 * own version and stays (titan-embed-text-v2, embed-v4); Claude ids are named by anthropic-ids.ts.
 */
const REVISION = /(?:-v1:\d+|-\d+:\d+|:\d+)$/;

/** The name a user types for a base Bedrock model id (no region prefix), or undefined for anything else. */
export function shortNameOf(baseId: string): string | undefined {
  const claude = anthropicApiIdOf(baseId);
  if (claude) return claude;
  const dot = baseId.indexOf('.');
  if (dot <= 0 || baseId.startsWith('arn:')) return undefined;
  const provider = baseId.slice(0, dot);
  const rest = baseId.slice(dot + 1);
  // A colon marks a revision; without one, a trailing -vN is the model's own version (embed-english-v3).
  const name = rest.includes(':') ? rest.replace(REVISION, '') : rest;
  if (!name) return undefined;
  // Names that say nothing alone (deepseek.r1, deepseek.v3) keep their provider.
  return /^[a-z]?\d/.test(name) ? `${provider}-${name}` : name;
}

/**
 * The words of a name, for matching: lower case, split at "-", ".", "_", ":" and between letters
 * and digits, so "llama-4-maverick", "llama4-maverick" and "Llama 4 Maverick" are the same words.
 */
export function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .split(/[\s\-._:/]+/)
    .filter(Boolean);
}

/** A model the account lists, seen by its short name. */
export interface ListedCandidate {
  /** Base Bedrock model id (no region prefix). */
  id: string;
  /** Its short name (shortNameOf). */
  name: string;
  /** Bedrock's display name, when listed (modelName). */
  displayName?: string;
  /** ACTIVE or LEGACY, as Bedrock's listing says; absent when not said (treated as active). */
  status?: string;
  /** nameWords(name), kept so matching a request does not split every name again. */
  words?: string[];
}

/** What a name matched among candidates: the one picked, and the others it could have meant. */
export interface NameMatch {
  picked: ListedCandidate;
  others: ListedCandidate[];
}

/**
 * The candidate a typed name means: an exact short-name match, else every candidate whose words
 * begin with the name's words (two words at least); several → the newest active one (see compareNewest), the rest
 * returned so the caller can say so.
 */
export function matchShortName(name: string, candidates: readonly ListedCandidate[]): NameMatch | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const wordsOf = (c: ListedCandidate): string[] => c.words ?? nameWords(c.name);
  const exact = candidates.filter((c) => sameWords(wordsOf(c), words));
  // A one-word name ("claude", "nova") is too vague to pick by.
  const pool = exact.length ? exact : words.length < 2 ? [] : candidates.filter((c) => startsWithWords(wordsOf(c), words));
  if (pool.length === 0) return undefined;
  const sorted = [...pool].sort(compareNewest);
  return { picked: sorted[0], others: sorted.slice(1) };
}

/**
 * Newest first: active before legacy, then by version — Claude by its version number, others by
 * their numbers word by word (nova-2 after nova-1, qwen3 after qwen2.5, 480b before 30b) — then
 * by the full id, highest revision first.
 */
export function compareNewest(a: ListedCandidate, b: ListedCandidate): number {
  const legacy = Number(isLegacy(a)) - Number(isLegacy(b));
  if (legacy) return legacy;
  const ca = claudeVersion(a.name);
  const cb = claudeVersion(b.name);
  if (ca !== undefined && cb !== undefined && ca !== cb) return cb - ca;
  const na = numbers(a.name);
  const nb = numbers(b.name);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (nb[i] ?? -1) - (na[i] ?? -1);
    if (d) return d;
  }
  return b.id.localeCompare(a.id, 'en', { numeric: true });
}

function isLegacy(c: ListedCandidate): boolean {
  return c.status !== undefined && c.status !== 'ACTIVE';
}

/** "claude-opus-4-8" → 4.08, "claude-sonnet-5" → 5, "claude-3-7-sonnet" → 3.07; undefined for other names. */
export function claudeVersion(name: string): number | undefined {
  const id = parseAnthropicApiId(name);
  if (!id) return undefined;
  const [major, minor = '0'] = id.version.split('-');
  return Number(major) + Number(minor) / 100;
}

function numbers(name: string): number[] {
  return nameWords(name).flatMap((w) => (/^\d+$/.test(w) ? [Number(w)] : []));
}

function sameWords(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function startsWithWords(whole: string[], start: string[]): boolean {
  if (start.length >= whole.length) return false;
  for (let i = 0; i < start.length; i++) if (start[i] !== whole[i]) return false;
  return true;
}

const GEO_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/;

const CANDIDATES = new WeakMap<AccountModels, ListedCandidate[]>();

/**
 * Every base model the account lists (foundation models, and the models behind system inference
 * profiles) that answers text or embeddings, by short name: image, video and speech generators are
 * not for these APIs and would only make names ambiguous. Kept per listing.
 */
export function listedCandidates(account: AccountModels): ListedCandidate[] {
  let list = CANDIDATES.get(account);
  if (!list) CANDIDATES.set(account, (list = collect(account)));
  return list;
}

function answersText(m: AccountModels['foundationModels'][number]): boolean {
  const out = m.outputModalities;
  return !out || out.length === 0 || out.includes('TEXT') || out.includes('EMBEDDING');
}

function collect(account: AccountModels): ListedCandidate[] {
  const byId = new Map<string, ListedCandidate>();
  const skip = new Set(account.foundationModels.filter((m) => m.modelId && !answersText(m)).map((m) => m.modelId!));
  const add = (id: string, displayName?: string, status?: string): void => {
    const name = shortNameOf(id);
    if (!name) return;
    const seen = byId.get(id);
    if (seen) {
      seen.displayName ??= displayName;
      seen.status ??= status;
      return;
    }
    byId.set(id, { id, name, words: nameWords(name), ...(displayName ? { displayName } : {}), ...(status ? { status } : {}) });
  };
  for (const m of account.foundationModels) if (m.modelId && !skip.has(m.modelId)) add(m.modelId, m.modelName, m.modelLifecycle?.status);
  for (const p of account.inferenceProfiles) {
    const base = p.inferenceProfileId && GEO_PREFIX.exec(p.inferenceProfileId)?.[2];
    if (base && !skip.has(base)) add(base);
  }
  return [...byId.values()];
}
