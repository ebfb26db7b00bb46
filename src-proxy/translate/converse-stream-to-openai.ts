import type { ContentBlock, ConverseStreamOutput, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { completionId, finishReason, toOpenAiUsage, type FinishReason, type OpenAiUsage } from './converse-to-openai';
import { flushTags, newTagState, splitTags, type TagState } from './think-tags';
import type { ToolNameMap } from './tool-names';

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

/** Everything the stream translation remembers between events, passed in explicitly. */
export interface StreamState {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
  toolNames: ToolNameMap;
  /** Bedrock content-block index -> dense 0-based OpenAI tool call index (rule 1). */
  toolIndex: Map<number, number>;
  toolCallIds: string[];
  /** Reasoning blocks being assembled, by content-block index. */
  reasoning: Map<number, { text: string; signature?: string; redacted?: Uint8Array }>;
  reasoningChars: number;
  stopReason?: string;
  usage?: TokenUsage;
  finished: boolean;
  /** Set for models that write reasoning inside <think>/<reasoning> tags. */
  tags?: TagState;
}

/** A fresh state for one streamed response. */
export function newStreamState(model: string, toolNames: ToolNameMap, includeUsage: boolean, opts: { reasoningTags?: boolean } = {}): StreamState {
  return {
    id: completionId(), created: Math.floor(Date.now() / 1000), model, includeUsage, toolNames,
    toolIndex: new Map(), toolCallIds: [], reasoning: new Map(), reasoningChars: 0, finished: false,
    ...(opts.reasoningTags ? { tags: newTagState() } : {}),
  };
}

function textChunks(state: StreamState, split: { reasoning: string; content: string }): ChatCompletionChunk[] {
  const out: ChatCompletionChunk[] = [];
  if (split.reasoning) {
    state.reasoningChars += split.reasoning.length;
    out.push(chunk(state, { reasoning_content: split.reasoning }));
  }
  if (split.content) out.push(chunk(state, { content: split.content }));
  return out;
}

function chunk(state: StreamState, delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk {
  return { id: state.id, object: 'chat.completion.chunk', created: state.created, model: state.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
}

function toolIndexFor(state: StreamState, blockIndex: number, id?: string): { index: number; isNew: boolean } {
  const known = state.toolIndex.get(blockIndex);
  if (known !== undefined) return { index: known, isNew: false };
  const index = state.toolIndex.size;
  state.toolIndex.set(blockIndex, index);
  state.toolCallIds.push(id ?? `call_${state.id.slice(-8)}_${index}`);
  return { index, isNew: true };
}

/** Translates one ConverseStream event into the OpenAI chunks it produces (possibly none). */
export function onStreamEvent(state: StreamState, event: ConverseStreamOutput): ChatCompletionChunk[] {
  if (event.messageStart) return [chunk(state, { role: 'assistant', content: '' })];
  if (event.contentBlockStart?.start?.toolUse) {
    const start = event.contentBlockStart.start.toolUse;
    const { index } = toolIndexFor(state, event.contentBlockStart.contentBlockIndex ?? 0, start.toolUseId);
    return [chunk(state, { tool_calls: [{ index, id: state.toolCallIds[index], type: 'function', function: { name: state.toolNames.original(start.name!), arguments: '' } }] })];
  }
  if (event.contentBlockDelta) {
    const blockIndex = event.contentBlockDelta.contentBlockIndex ?? 0;
    const delta = event.contentBlockDelta.delta;
    if (delta?.text !== undefined) {
      if (state.tags) return textChunks(state, splitTags(state.tags, delta.text));
      return delta.text ? [chunk(state, { content: delta.text })] : [];
    }
    if (delta?.toolUse) {
      const { index, isNew } = toolIndexFor(state, blockIndex);
      const args = delta.toolUse.input ?? '';
      // A fragment without a preceding start still gets id and type on its first delta.
      const call = isNew ? { index, id: state.toolCallIds[index], type: 'function' as const, function: { name: '', arguments: args } } : { index, function: { arguments: args } };
      return [chunk(state, { tool_calls: [call] })];
    }
    if (delta?.reasoningContent) return onReasoning(state, blockIndex, delta.reasoningContent);
    return [];
  }
  if (event.messageStop) {
    state.stopReason = event.messageStop.stopReason;
    state.finished = true;
    const held = state.tags ? textChunks(state, flushTags(state.tags)) : [];
    return [...held, chunk(state, {}, finishReason(state.stopReason, state.toolCallIds.length > 0))];
  }
  if (event.metadata) {
    state.usage = event.metadata.usage;
    return [];
  }
  return [];
}

function onReasoning(state: StreamState, blockIndex: number, delta: NonNullable<NonNullable<ConverseStreamOutput['contentBlockDelta']>['delta']>['reasoningContent']): ChatCompletionChunk[] {
  const block = state.reasoning.get(blockIndex) ?? { text: '' };
  state.reasoning.set(blockIndex, block);
  if (delta?.text) {
    block.text += delta.text;
    state.reasoningChars += delta.text.length;
    return [chunk(state, { reasoning_content: delta.text })];
  }
  if (delta?.signature) block.signature = (block.signature ?? '') + delta.signature;
  if (delta?.redactedContent) block.redacted = delta.redactedContent;
  return [];
}

/** The usage chunk (choices: []) sent before [DONE] when the client asked for it (rule 8). */
export function usageChunk(state: StreamState): ChatCompletionChunk | undefined {
  if (!state.includeUsage) return undefined;
  return { id: state.id, object: 'chat.completion.chunk', created: state.created, model: state.model, choices: [], usage: toOpenAiUsage(state.usage, state.reasoningChars) };
}

/** The signed reasoning blocks of the streamed turn, in Converse shape, to remember for the next turn. */
export function streamedReasoningBlocks(state: StreamState): ContentBlock[] {
  return [...state.reasoning.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, r]): ContentBlock[] => {
      if (r.redacted) return [{ reasoningContent: { redactedContent: r.redacted } }];
      return r.signature ? [{ reasoningContent: { reasoningText: { text: r.text, signature: r.signature } } }] : [];
    });
}
