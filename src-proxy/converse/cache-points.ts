import type { Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';

/** Where Outcrop puts cache points on its own (the user's caching defaults, or a per-request override). */
export interface CachingPolicy {
  system: boolean;
  tools: boolean;
  conversation: boolean;
}

export const NO_CACHING: CachingPolicy = { system: false, tools: false, conversation: false };

/** Bedrock allows at most four cache points per request. */
export const MAX_CACHE_POINTS = 4;

// Anthropic models ignore cache points on prefixes under ~1,024 tokens; a point there only
// costs a slot, so defaults are only placed past that size (estimated at 4 characters a token).
const MIN_PREFIX_CHARS = 4096;

type Cacheable = { cachePoint?: unknown };
const CACHE_POINT = { cachePoint: { type: 'default' as const } };

interface Parts {
  system: SystemContentBlock[];
  tools: Tool[];
  messages: Message[];
}

/** Removes every cache point (for models without prompt caching). */
export function stripCachePoints(parts: Parts): void {
  parts.system.splice(0, parts.system.length, ...parts.system.filter((b) => !b.cachePoint));
  parts.tools.splice(0, parts.tools.length, ...parts.tools.filter((t) => !t.cachePoint));
  for (const m of parts.messages) m.content = m.content!.filter((b) => !b.cachePoint);
}

/**
 * Adds the policy's cache points (system, tools, the conversation so far) where they pay off, keeps
 * the client's explicit ones, and drops the oldest conversation points when more than four remain
 * (rule 7): the stable prefix (tools, system) and the newest turns are what a cache hit reuses.
 * Returns how many points were dropped.
 */
export function placeCachePoints(parts: Parts, policy: CachingPolicy): number {
  // The cache covers everything before a point, in the order tools, system, messages. Every
  // decision only asks whether a prefix reaches MIN_PREFIX_CHARS, so counting stops there: a long
  // agent session is not re-measured (tool specs and tool inputs stringified) on every request.
  const prefix = sizeUpTo(parts.tools, 0, (t) => (t.toolSpec ? JSON.stringify(t.toolSpec).length : 0));
  if (policy.tools && parts.tools.length && !isCache(parts.tools.at(-1)) && prefix >= MIN_PREFIX_CHARS) parts.tools.push(CACHE_POINT);
  const withSystem = sizeUpTo(parts.system, prefix, (b) => b.text?.length ?? 0);
  if (policy.system && parts.system.length && !isCache(parts.system.at(-1)) && withSystem >= MIN_PREFIX_CHARS) parts.system.push(CACHE_POINT);
  if (policy.conversation) {
    const total = sizeUpTo(parts.messages, withSystem, messageChars);
    const lastUser = findLastIndex(parts.messages, (m) => m.role === 'user');
    if (lastUser >= 0 && total >= MIN_PREFIX_CHARS) {
      const content = parts.messages[lastUser].content!;
      if (!isCache(content.at(-1))) content.push(CACHE_POINT);
    }
  }
  return enforceLimit(parts);
}

/** `start` plus the sizes of `items`, counted only until the sum reaches MIN_PREFIX_CHARS. */
function sizeUpTo<T>(items: readonly T[], start: number, size: (item: T) => number): number {
  let n = start;
  for (let i = 0; i < items.length && n < MIN_PREFIX_CHARS; i++) n += size(items[i]);
  return n;
}

/** Drops points beyond the limit; returns how many were dropped. */
function enforceLimit(parts: Parts): number {
  const over = countPoints(parts) - MAX_CACHE_POINTS;
  let excess = over;
  // Oldest conversation points go first, then tool ones (a tools-only point covers the shortest
  // prefix), then system ones from the front.
  for (const m of parts.messages) {
    if (excess <= 0) return Math.max(0, over);
    m.content = m.content!.filter((b) => !(b.cachePoint && excess-- > 0));
  }
  for (const list of [parts.tools, parts.system] as Cacheable[][]) {
    for (let i = 0; i < list.length && excess > 0; i++) {
      if (list[i].cachePoint) {
        list.splice(i--, 1);
        excess--;
      }
    }
  }
  return Math.max(0, over);
}

/** Number of cache points in a request. */
export function countPoints(parts: Parts): number {
  return parts.system.filter((b) => b.cachePoint).length
    + parts.tools.filter((t) => t.cachePoint).length
    + parts.messages.reduce((n, m) => n + m.content!.filter((b) => b.cachePoint).length, 0);
}

function isCache(block: Cacheable | undefined): boolean {
  return Boolean(block?.cachePoint);
}

function messageChars(m: Message): number {
  let n = 0;
  for (const b of m.content!) {
    if (b.text) n += b.text.length;
    else if (b.toolUse) n += JSON.stringify(b.toolUse.input ?? {}).length;
    else if (b.toolResult) n += b.toolResult.content!.reduce((k, c) => k + (c.text?.length ?? 0), 0);
    else if (b.image || b.document) n += 4000;
  }
  return n;
}

function findLastIndex<T>(list: T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return i;
  return -1;
}
