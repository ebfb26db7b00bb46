import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { NeutralResponse, NeutralUsage } from '../../converse/neutral';
import { fromConverseOutput } from '../../converse/response';
import type { ToolNameMap } from '../../converse/tool-names';

export { reasoningBlocksOf } from '../../converse/response';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
  /** Anthropic-style names, read by clients such as Cline to show cache writes. */
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: { role: 'assistant'; content: string | null; refusal: null; reasoning_content?: string; tool_calls?: OpenAiToolCall[] };
    finish_reason: FinishReason;
    logprobs: null;
  }>;
  usage: OpenAiUsage;
}

/** Maps every Bedrock stop reason to an OpenAI finish_reason (rules 2 and 14). */
export function finishReason(stopReason: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    case 'tool_use':
      return 'tool_calls';
    default:
      // Some models report end_turn after a tool call; the tool call is what the client must act on.
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}

/** Bedrock usage to OpenAI usage; prompt_tokens includes cached input as OpenAI counts it (rule 7). */
export function toOpenAiUsage(usage: NeutralUsage | undefined, reasoningChars = 0): OpenAiUsage {
  const input = usage?.inputTokens ?? 0;
  const read = usage?.cacheReadInputTokens ?? 0;
  const write = usage?.cacheWriteInputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  const prompt = input + read + write;
  // Bedrock does not count reasoning tokens apart; estimate them from the reasoning text.
  const reasoning = Math.min(output, Math.ceil(reasoningChars / 4));
  return {
    prompt_tokens: prompt,
    completion_tokens: output,
    total_tokens: prompt + output,
    prompt_tokens_details: { cached_tokens: read, cache_write_tokens: write },
    completion_tokens_details: { reasoning_tokens: reasoning },
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  };
}

/** A completion id in OpenAI's shape. */
export function completionId(): string {
  return `chatcmpl-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Translates a Converse response into an OpenAI chat completion. */
export function toChatCompletion(out: ConverseCommandOutput, model: string, toolNames: ToolNameMap, opts: { reasoningTags?: boolean } = {}): ChatCompletion {
  return renderChatCompletion(fromConverseOutput(out, toolNames, opts), model);
}

/** A neutral answer as an OpenAI chat completion: reasoning in reasoning_content, never in content (rule 5). */
export function renderChatCompletion(res: NeutralResponse, model: string): ChatCompletion {
  let text = '';
  let reasoning = '';
  const toolCalls: OpenAiToolCall[] = [];
  for (const block of res.content) {
    if (block.text !== undefined) text += block.text;
    else if (block.reasoningContent?.reasoningText) reasoning += block.reasoningContent.reasoningText.text ?? '';
    else if (block.toolUse) {
      toolCalls.push({ id: block.toolUse.toolUseId!, type: 'function', function: { name: block.toolUse.name!, arguments: JSON.stringify(block.toolUse.input ?? {}) } });
    }
  }
  const message: ChatCompletion['choices'][0]['message'] = { role: 'assistant', content: text || (toolCalls.length ? null : ''), refusal: null };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length) message.tool_calls = toolCalls;
  return {
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: finishReason(res.stopReason, toolCalls.length > 0), logprobs: null }],
    usage: toOpenAiUsage(res.usage, reasoning.length),
  };
}
