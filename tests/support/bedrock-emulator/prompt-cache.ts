import { createHash } from 'node:crypto';
import { estimateInputTokens, type Usage } from './reply';

// Prompt caching as Bedrock reports it, so the caching screens can be tried without AWS: the
// prompt up to a cache point is written to the cache on first sight and read on a repeat (same
// model, same prefix, within the TTL). inputTokens then counts only what follows the cache point.
// Unlike Bedrock there is no minimum prefix size; scripted usage always wins over this.
// https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html

const TTL_MS: Record<string, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

interface Prefix {
  key: string;
  tokens: number;
  ttlMs: number;
}

const isCachePoint = (b: any): boolean => Boolean(b && typeof b === 'object' && 'cachePoint' in b);

// The request in Bedrock's cache order (tools, system, messages), cut at each cache point.
function prefixes(modelId: string, body: any): Prefix[] {
  const out: Prefix[] = [];
  const tools: unknown[] = [];
  const system: unknown[] = [];
  const messages: Array<{ role: string; content: unknown[] }> = [];
  const cut = (point: any): void => {
    const partial = { toolConfig: { tools: [...tools] }, system: [...system], messages: messages.map((m) => ({ role: m.role, content: [...m.content] })) };
    const key = createHash('sha256').update(modelId).update(JSON.stringify(partial)).digest('hex');
    out.push({ key, tokens: estimateInputTokens(partial), ttlMs: TTL_MS[point?.cachePoint?.ttl] ?? TTL_MS['5m'] });
  };
  for (const t of body?.toolConfig?.tools ?? []) (isCachePoint(t) ? cut(t) : tools.push(t));
  for (const b of Array.isArray(body?.system) ? body.system : []) (isCachePoint(b) ? cut(b) : system.push(b));
  for (const m of Array.isArray(body?.messages) ? body.messages : []) {
    const msg = { role: m?.role, content: [] as unknown[] };
    messages.push(msg);
    for (const b of Array.isArray(m?.content) ? m.content : []) (isCachePoint(b) ? cut(b) : msg.content.push(b));
  }
  return out;
}

/** The emulator's prompt cache: remembers prefixes seen at cache points and reports reads and writes. */
export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The usage with the cached part split out; unchanged when the request has no cache point. */
  apply(modelId: string, body: unknown, usage: Usage): Usage {
    const cuts = prefixes(modelId, body);
    if (cuts.length === 0) return usage;
    const now = this.now();
    let hit: Prefix | undefined;
    for (const p of cuts) if ((this.entries.get(p.key) ?? 0) > now) hit = p;
    const last = cuts[cuts.length - 1];
    for (const p of cuts) this.entries.set(p.key, now + p.ttlMs);
    const read = hit?.tokens ?? 0;
    const write = Math.max(0, last.tokens - read);
    const inputTokens = Math.max(1, usage.inputTokens - read - write);
    const out: Usage = { inputTokens, outputTokens: usage.outputTokens, totalTokens: 0, cacheReadInputTokens: read, cacheWriteInputTokens: write };
    out.totalTokens = inputTokens + out.outputTokens + read + write;
    return out;
  }

  clear(): void {
    this.entries.clear();
  }
}
