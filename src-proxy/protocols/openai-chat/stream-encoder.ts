import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { NeutralEvent } from '../../converse/neutral';
import { accumulate, newAccumulator, type StreamAccumulator } from '../../converse/stream-accumulator';
import type { ToolNameMap } from '../../converse/tool-names';
import { completionId, finishReason, toOpenAiUsage, type FinishReason, type OpenAiUsage } from './response';

export { streamedReasoningBlocks } from '../../converse/stream-accumulator';

export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  reasoning_content?: string;
  tool_calls?: Array<{ index: number; id?: string; type?: 'function'; function: { name?: string; arguments: string } }>;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: 0; delta: ChunkDelta; finish_reason: FinishReason | null; logprobs: null }>;
  usage?: OpenAiUsage | null;
}

/** The neutral accumulator plus what chat chunks carry (id, created, model, whether usage is wanted). */
export interface StreamState extends StreamAccumulator {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

/** A fresh state for one streamed chat answer. */
export function newStreamState(model: string, toolNames: ToolNameMap, includeUsage: boolean, opts: { reasoningTags?: boolean } = {}): StreamState {
  const state = { ...newAccumulator(toolNames, opts), id: completionId(), created: Math.floor(Date.now() / 1000), model, includeUsage } as StreamState;
  // Tool call ids Bedrock did not give are derived from the completion id, whenever it is set.
  Object.defineProperty(state, 'idPrefix', { get: () => `call_${state.id.slice(-8)}`, enumerable: false });
  return state;
}

function chunk(state: StreamState, delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk {
  return { id: state.id, object: 'chat.completion.chunk', created: state.created, model: state.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
}

/** The chat chunk for one neutral event (undefined for events chat does not show). */
export function encodeChatEvent(state: StreamState, ev: NeutralEvent): ChatCompletionChunk | undefined {
  switch (ev.type) {
    case 'start':
      return chunk(state, { role: 'assistant', content: '' });
    case 'text':
      return chunk(state, { content: ev.text });
    case 'reasoning':
      return chunk(state, { reasoning_content: ev.text });
    case 'tool_start':
      return chunk(state, { tool_calls: [{ index: ev.index, id: ev.id, type: 'function', function: { name: ev.name, arguments: '' } }] });
    case 'tool_args':
      // A fragment without a preceding start still gets id and type on its first delta (rule 1).
      return chunk(state, { tool_calls: [ev.first ? { index: ev.index, id: ev.id, type: 'function', function: { name: '', arguments: ev.args } } : { index: ev.index, function: { arguments: ev.args } }] });
    case 'stop':
      return chunk(state, {}, finishReason(ev.stopReason, ev.hasToolCalls));
    default:
      return undefined;
  }
}

/** Translates one ConverseStream event into the chat chunks it produces (possibly none). */
export function onStreamEvent(state: StreamState, event: ConverseStreamOutput): ChatCompletionChunk[] {
  const out: ChatCompletionChunk[] = [];
  for (const ev of accumulate(state, event)) {
    const c = encodeChatEvent(state, ev);
    if (c) out.push(c);
  }
  return out;
}

/** The usage chunk (choices: []) sent before [DONE] when the client asked for it (rule 8). */
export function usageChunk(state: StreamState): ChatCompletionChunk | undefined {
  if (!state.includeUsage) return undefined;
  return { id: state.id, object: 'chat.completion.chunk', created: state.created, model: state.model, choices: [], usage: toOpenAiUsage(state.usage, state.reasoningChars) };
}
