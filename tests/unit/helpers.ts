// Small builders shared by the unit tests (no network, no servers).
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'vitest';
import { ProxyError } from '../../src-proxy/errors';
import { resolveModel, type ResolvedModel } from '../../src-proxy/models/resolve';
import { parseChatRequest, type ChatCompletionRequest } from '../../src-proxy/protocols/openai-chat/schema';

/** A model resolved the way the route resolves it, in us-east-1 unless told otherwise. */
export function model(name: string, region = 'us-east-1'): ResolvedModel {
  return resolveModel(name, { aliases: {}, region });
}

/** A request body as a client sends it, validated by the real schema. */
export function chatRequest(body: Record<string, unknown>): ChatCompletionRequest {
  return parseChatRequest({ model: 'claude-sonnet-4.5', ...body });
}

/** ConverseStream events, in the shape the SDK yields them. */
export const ev = {
  messageStart: (): ConverseStreamOutput => ({ messageStart: { role: 'assistant' } }),
  text: (i: number, text: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: i, delta: { text } } }),
  toolStart: (i: number, toolUseId: string, name: string): ConverseStreamOutput => ({
    contentBlockStart: { contentBlockIndex: i, start: { toolUse: { toolUseId, name } } },
  }),
  toolInput: (i: number, input: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: i, delta: { toolUse: { input } } } }),
  reasoning: (i: number, text: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: i, delta: { reasoningContent: { text } } } }),
  signature: (i: number, signature: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: i, delta: { reasoningContent: { signature } } } }),
  redacted: (i: number, bytes: Uint8Array): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: i, delta: { reasoningContent: { redactedContent: bytes } } } }),
  blockStop: (i: number): ConverseStreamOutput => ({ contentBlockStop: { contentBlockIndex: i } }),
  messageStop: (stopReason: string): ConverseStreamOutput => ({ messageStop: { stopReason: stopReason as 'end_turn' } }),
  metadata: (usage: { inputTokens: number; outputTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number }): ConverseStreamOutput => ({
    metadata: { usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens }, metrics: { latencyMs: 412 } },
  }),
};

/** Runs `fn`, expects it to throw a ProxyError, and returns that error for the test to inspect. */
export function proxyError(fn: () => unknown): ProxyError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProxyError);
    return err as ProxyError;
  }
  throw new Error('expected a ProxyError');
}
