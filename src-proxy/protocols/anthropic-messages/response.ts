import { randomBytes } from 'node:crypto';
import type { NeutralResponse, NeutralUsage } from '../../converse/neutral';

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type ResponseBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ResponseBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** A message id in Anthropic's shape (msg_ + 24 base62-ish characters). */
export function messageId(): string {
  return `msg_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
}

/**
 * Every Bedrock stop reason as an Anthropic stop_reason. Guardrails and content filters read as
 * a refusal; malformed output ends the turn. Bedrock's Converse never pauses a turn (pause_turn
 * comes from Anthropic's server tools, which Bedrock does not run).
 */
export function stopReasonOf(stopReason: string | undefined, hasToolCalls: boolean): StopReason {
  switch (stopReason) {
    case 'max_tokens':
      return 'max_tokens';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'tool_use':
      return 'tool_use';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'refusal';
    case 'model_context_window_exceeded':
      return 'model_context_window_exceeded';
    default:
      // Some models report end_turn after a tool call; the call is what the client must act on.
      return hasToolCalls ? 'tool_use' : 'end_turn';
  }
}

/** Bedrock usage in Anthropic's words (input_tokens excludes cache reads and writes on both). */
export function usageOf(usage: NeutralUsage | undefined): AnthropicUsage {
  return {
    input_tokens: usage?.inputTokens ?? 0,
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: usage?.cacheWriteInputTokens ?? 0,
    cache_read_input_tokens: usage?.cacheReadInputTokens ?? 0,
  };
}

/** The stop sequence that ended the answer: Converse does not say which, so only a single one is named. */
export function stopSequenceOf(reason: StopReason, asked: readonly string[] | undefined): string | null {
  return reason === 'stop_sequence' && asked?.length === 1 ? asked[0] : null;
}

/** A neutral answer as an Anthropic message object; `model` is the name the client asked for. */
export function renderMessage(res: NeutralResponse, model: string, stopSequences?: readonly string[]): AnthropicMessage {
  const content: ResponseBlock[] = [];
  let tools = false;
  for (const b of res.content) {
    if (b.text !== undefined) {
      if (b.text) content.push({ type: 'text', text: b.text });
    } else if (b.reasoningContent?.reasoningText) {
      content.push({ type: 'thinking', thinking: b.reasoningContent.reasoningText.text ?? '', signature: b.reasoningContent.reasoningText.signature ?? '' });
    } else if (b.reasoningContent?.redactedContent) {
      content.push({ type: 'redacted_thinking', data: Buffer.from(b.reasoningContent.redactedContent).toString('base64') });
    } else if (b.toolUse) {
      tools = true;
      content.push({ type: 'tool_use', id: b.toolUse.toolUseId!, name: b.toolUse.name!, input: b.toolUse.input ?? {} });
    }
  }
  const stop = stopReasonOf(res.stopReason, tools);
  return { id: messageId(), type: 'message', role: 'assistant', model, content, stop_reason: stop, stop_sequence: stopSequenceOf(stop, stopSequences), usage: usageOf(res.usage) };
}
