// InvokeModel / InvokeModelWithResponseStream for Claude: the Anthropic Messages API body as
// Bedrock passes it through (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html).
import { randomBytes } from 'node:crypto';
import { BedrockError } from './errors';
import { chunkText, type Block, type Rendered } from './reply';

/** True when an InvokeModel body is an Anthropic Messages request. */
export function isAnthropicBody(modelId: string, body: any): boolean {
  return modelId.includes('anthropic.') && !!body && typeof body === 'object' && Array.isArray(body.messages);
}

/** Throws the ValidationException Bedrock gives for a malformed Anthropic Messages body. */
export function checkAnthropicBody(body: any): void {
  const malformed = (detail: string) =>
    new BedrockError('ValidationException', `Malformed input request: ${detail}, please reformat your input and try again.`);
  if (body.anthropic_version === undefined) throw malformed('#: required key [anthropic_version] not found');
  if (body.max_tokens === undefined) throw malformed('#: required key [max_tokens] not found');
  if (body.messages.length === 0) {
    throw new BedrockError('ValidationException', 'messages: at least one message is required');
  }
}

function anthropicBlock(b: Block): Record<string, unknown> {
  switch (b.kind) {
    case 'text':
      return { type: 'text', text: b.text };
    case 'toolUse':
      return { type: 'tool_use', id: b.toolUseId.replace(/^tooluse_/, 'toolu_bdrk_'), name: b.name, input: b.input };
    case 'reasoning':
      return { type: 'thinking', thinking: b.text, signature: b.signature };
    case 'redacted':
      return { type: 'redacted_thinking', data: b.data };
  }
}

function usageOf(r: Rendered): Record<string, number> {
  return {
    input_tokens: r.usage.inputTokens,
    cache_creation_input_tokens: r.usage.cacheWriteInputTokens ?? 0,
    cache_read_input_tokens: r.usage.cacheReadInputTokens ?? 0,
    output_tokens: r.usage.outputTokens,
  };
}

function messageId(): string {
  return 'msg_bdrk_' + randomBytes(18).toString('base64url').slice(0, 24);
}

/** The Anthropic Messages response body for a rendered reply. */
export function anthropicMessage(r: Rendered, modelId: string): Record<string, unknown> {
  return {
    id: messageId(),
    type: 'message',
    role: 'assistant',
    model: modelId.replace(/^(us|eu|apac|global)\./, '').replace(/^anthropic\./, '').replace(/-v\d+:\d+$/, ''),
    content: r.blocks.map(anthropicBlock),
    stop_reason: r.stopReason,
    stop_sequence: null,
    usage: usageOf(r),
  };
}

/** The Anthropic streaming events (one per Bedrock `chunk`), ending with Bedrock's invocation metrics. */
export function anthropicStreamEvents(r: Rendered, modelId: string, chunkSize: number, latencyMs: number): Record<string, unknown>[] {
  const start = anthropicMessage(r, modelId);
  const events: Record<string, unknown>[] = [
    { type: 'message_start', message: { ...start, content: [], stop_reason: null, usage: { ...usageOf(r), output_tokens: 1 } } },
  ];
  r.blocks.forEach((b, index) => {
    const full = anthropicBlock(b);
    const delta = (d: Record<string, unknown>) => events.push({ type: 'content_block_delta', index, delta: d });
    switch (b.kind) {
      case 'text':
        events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        for (const piece of chunkText(b.text, chunkSize)) delta({ type: 'text_delta', text: piece });
        break;
      case 'toolUse':
        events.push({ type: 'content_block_start', index, content_block: { ...full, input: {} } });
        for (const piece of chunkText(JSON.stringify(b.input ?? {}), chunkSize)) delta({ type: 'input_json_delta', partial_json: piece });
        break;
      case 'reasoning':
        events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        for (const piece of chunkText(b.text, chunkSize)) delta({ type: 'thinking_delta', thinking: piece });
        delta({ type: 'signature_delta', signature: b.signature });
        break;
      case 'redacted':
        events.push({ type: 'content_block_start', index, content_block: full });
        break;
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: r.stopReason, stop_sequence: null }, usage: { output_tokens: r.usage.outputTokens } });
  events.push({
    type: 'message_stop',
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: r.usage.inputTokens,
      outputTokenCount: r.usage.outputTokens,
      invocationLatency: latencyMs,
      firstByteLatency: latencyMs,
    },
  });
  return events;
}
