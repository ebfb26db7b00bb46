import { createHash, randomBytes } from 'node:crypto';
import type { Reply, ReplyUsage } from './types';

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'toolUse'; toolUseId: string; name: string; input: unknown }
  | { kind: 'reasoning'; text: string; signature: string }
  | { kind: 'redacted'; data: string };

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface Rendered {
  blocks: Block[];
  stopReason: string;
  usage: Usage;
}

/** Converse-style stream events: [event type, payload]. */
export type StreamEvent = [string, Record<string, unknown>];

const SKIP_KEYS = new Set(['role', 'type', 'format', 'toolUseId', 'tool_use_id', 'id', 'signature', 'bytes', 'data', 'status', 'cachePoint', 'cache_control']);

function countChars(value: unknown, key?: string): number {
  if (key && SKIP_KEYS.has(key)) return 0;
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countChars(v), 0);
  if (value && typeof value === 'object') {
    let n = 0;
    for (const [k, v] of Object.entries(value)) n += countChars(v, k);
    return n;
  }
  return 0;
}

/** Input token estimate (text chars / 4) for Converse or Anthropic-Messages shaped bodies. */
export function estimateInputTokens(body: any): number {
  if (!body || typeof body !== 'object') return 1;
  const chars = countChars(body.system) + countChars(body.messages) + countChars(body.toolConfig) + countChars(body.tools);
  return Math.max(1, Math.ceil(chars / 4));
}

function blockChars(b: Block): number {
  if (b.kind === 'toolUse') return b.name.length + JSON.stringify(b.input ?? {}).length;
  if (b.kind === 'redacted') return b.data.length;
  return b.text.length;
}

function newToolUseId(): string {
  return 'tooluse_' + randomBytes(16).toString('base64url').slice(0, 22);
}

/** Deterministic stand-in for the signature Claude puts on reasoning. */
export function fakeSignature(text: string): string {
  return createHash('sha256').update('emulator-signature:' + text).digest('base64');
}

/** Normalises a Reply: blocks with ids, stop reason, full usage. */
export function render(reply: Reply, requestBody: unknown): Rendered {
  const blocks: Block[] = [];
  if (reply.text !== undefined) blocks.push({ kind: 'text', text: reply.text });
  for (const b of reply.content ?? []) {
    if ('text' in b) blocks.push({ kind: 'text', text: b.text });
    else if ('toolUse' in b) {
      const t = b.toolUse;
      blocks.push({ kind: 'toolUse', toolUseId: t.toolUseId ?? newToolUseId(), name: t.name, input: t.input ?? {} });
    } else if ('reasoning' in b) {
      blocks.push({ kind: 'reasoning', text: b.reasoning.text, signature: b.reasoning.signature ?? fakeSignature(b.reasoning.text) });
    } else if ('redactedReasoning' in b) blocks.push({ kind: 'redacted', data: b.redactedReasoning });
  }
  const stopReason = reply.stopReason ?? (blocks.some((b) => b.kind === 'toolUse') ? 'tool_use' : 'end_turn');
  return { blocks, stopReason, usage: fullUsage(reply.usage, requestBody, blocks) };
}

function fullUsage(given: ReplyUsage | undefined, requestBody: unknown, blocks: Block[]): Usage {
  const outChars = blocks.reduce((n, b) => n + blockChars(b), 0);
  const inputTokens = given?.inputTokens ?? estimateInputTokens(requestBody);
  const outputTokens = given?.outputTokens ?? Math.max(1, Math.ceil(outChars / 4));
  const usage: Usage = { inputTokens, outputTokens, totalTokens: 0 };
  if (given?.cacheReadInputTokens !== undefined) usage.cacheReadInputTokens = given.cacheReadInputTokens;
  if (given?.cacheWriteInputTokens !== undefined) usage.cacheWriteInputTokens = given.cacheWriteInputTokens;
  // Bedrock's totalTokens includes cached input tokens.
  usage.totalTokens = inputTokens + outputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0);
  return usage;
}

/** Splits text into pieces of `size` code points (never inside a surrogate pair). */
export function chunkText(text: string, size: number): string[] {
  const n = Math.max(1, Math.floor(size));
  if (text.length <= n) return [text];
  const out: string[] = [];
  let cur = '';
  let count = 0;
  for (const ch of text) {
    cur += ch;
    if (++count === n) {
      out.push(cur);
      cur = '';
      count = 0;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** The non-streaming Converse response body. */
export function converseBody(r: Rendered, latencyMs: number): Record<string, unknown> {
  const content = r.blocks.map((b) => {
    switch (b.kind) {
      case 'text':
        return { text: b.text };
      case 'toolUse':
        return { toolUse: { toolUseId: b.toolUseId, name: b.name, input: b.input } };
      case 'reasoning':
        return { reasoningContent: { reasoningText: { text: b.text, signature: b.signature } } };
      case 'redacted':
        return { reasoningContent: { redactedContent: b.data } };
    }
  });
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: r.stopReason,
    usage: r.usage,
    metrics: { latencyMs },
  };
}

/** ConverseStream events in Bedrock's order, text and tool input split into `chunkSize` pieces. */
export function converseStreamEvents(r: Rendered, chunkSize: number, latencyMs: number): StreamEvent[] {
  const events: StreamEvent[] = [['messageStart', { role: 'assistant' }]];
  r.blocks.forEach((b, i) => {
    const delta = (d: Record<string, unknown>) => events.push(['contentBlockDelta', { contentBlockIndex: i, delta: d }]);
    switch (b.kind) {
      case 'text':
        for (const piece of chunkText(b.text, chunkSize)) delta({ text: piece });
        break;
      case 'toolUse':
        events.push(['contentBlockStart', { contentBlockIndex: i, start: { toolUse: { toolUseId: b.toolUseId, name: b.name } } }]);
        for (const piece of chunkText(JSON.stringify(b.input ?? {}), chunkSize)) delta({ toolUse: { input: piece } });
        break;
      case 'reasoning':
        for (const piece of chunkText(b.text, chunkSize)) delta({ reasoningContent: { text: piece } });
        delta({ reasoningContent: { signature: b.signature } });
        break;
      case 'redacted':
        delta({ reasoningContent: { redactedContent: b.data } });
        break;
    }
    events.push(['contentBlockStop', { contentBlockIndex: i }]);
  });
  events.push(['messageStop', { stopReason: r.stopReason }]);
  events.push(['metadata', { usage: r.usage, metrics: { latencyMs } }]);
  return events;
}
