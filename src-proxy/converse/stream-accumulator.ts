import type { ContentBlock, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { NeutralEvent, NeutralUsage } from './neutral';
import { flushTags, newTagState, splitTags, type TagState } from './think-tags';
import type { ToolNameMap } from './tool-names';

// Turns ConverseStream events into neutral events and keeps what the whole answer needs
// afterwards (tool call ids, signed reasoning, stop reason, usage). State is explicit and
// protocol-free; each protocol's encoder turns the events into its own SSE.

/** Everything the accumulator remembers between events. */
export interface StreamAccumulator {
  toolNames: ToolNameMap;
  /** Bedrock content-block index -> dense 0-based tool call index (rule 1). */
  toolIndex: Map<number, number>;
  toolCallIds: string[];
  /** Reasoning blocks being assembled, by content-block index. */
  reasoning: Map<number, { text: string; signature?: string; redacted?: Uint8Array }>;
  reasoningChars: number;
  stopReason?: string;
  usage?: NeutralUsage;
  finished: boolean;
  /** Set for models that write reasoning inside <think>/<reasoning> tags. */
  tags?: TagState;
  /** Prefix for tool call ids Bedrock did not give. */
  idPrefix: string;
  /** The block index text without a block index of its own is reported under. */
  lastTextBlock: number;
}

/** A fresh accumulator for one streamed answer. */
export function newAccumulator(toolNames: ToolNameMap, opts: { reasoningTags?: boolean; idPrefix?: string } = {}): StreamAccumulator {
  return {
    toolNames, toolIndex: new Map(), toolCallIds: [], reasoning: new Map(), reasoningChars: 0, finished: false,
    idPrefix: opts.idPrefix ?? `call_${Math.random().toString(36).slice(2, 10)}`, lastTextBlock: 0,
    ...(opts.reasoningTags ? { tags: newTagState() } : {}),
  };
}

function toolIndexFor(acc: StreamAccumulator, blockIndex: number, id?: string): { index: number; isNew: boolean } {
  const known = acc.toolIndex.get(blockIndex);
  if (known !== undefined) return { index: known, isNew: false };
  const index = acc.toolIndex.size;
  acc.toolIndex.set(blockIndex, index);
  acc.toolCallIds.push(id ?? `${acc.idPrefix}_${index}`);
  return { index, isNew: true };
}

function textEvents(acc: StreamAccumulator, block: number, split: { reasoning: string; content: string }): NeutralEvent[] {
  const out: NeutralEvent[] = [];
  if (split.reasoning) {
    acc.reasoningChars += split.reasoning.length;
    out.push({ type: 'reasoning', block, text: split.reasoning });
  }
  if (split.content) out.push({ type: 'text', block, text: split.content });
  return out;
}

/** The neutral events one ConverseStream event produces (possibly none). */
export function accumulate(acc: StreamAccumulator, event: ConverseStreamOutput): NeutralEvent[] {
  if (event.messageStart) return [{ type: 'start' }];
  if (event.contentBlockStart?.start?.toolUse) {
    const start = event.contentBlockStart.start.toolUse;
    const block = event.contentBlockStart.contentBlockIndex ?? 0;
    const { index } = toolIndexFor(acc, block, start.toolUseId);
    return [{ type: 'tool_start', block, index, id: acc.toolCallIds[index], name: acc.toolNames.original(start.name!) }];
  }
  if (event.contentBlockDelta) {
    const block = event.contentBlockDelta.contentBlockIndex ?? 0;
    const delta = event.contentBlockDelta.delta;
    if (delta?.text !== undefined) {
      acc.lastTextBlock = block;
      if (acc.tags) return textEvents(acc, block, splitTags(acc.tags, delta.text));
      return delta.text ? [{ type: 'text', block, text: delta.text }] : [];
    }
    if (delta?.toolUse) {
      const { index, isNew } = toolIndexFor(acc, block);
      return [{ type: 'tool_args', block, index, id: acc.toolCallIds[index], args: delta.toolUse.input ?? '', first: isNew }];
    }
    if (delta?.reasoningContent) return onReasoning(acc, block, delta.reasoningContent);
    return [];
  }
  if (event.contentBlockStop) return [{ type: 'block_stop', block: event.contentBlockStop.contentBlockIndex ?? 0 }];
  if (event.messageStop) {
    acc.stopReason = event.messageStop.stopReason;
    acc.finished = true;
    const held = acc.tags ? textEvents(acc, acc.lastTextBlock, flushTags(acc.tags)) : [];
    return [...held, { type: 'stop', stopReason: acc.stopReason, hasToolCalls: acc.toolCallIds.length > 0 }];
  }
  if (event.metadata) {
    acc.usage = event.metadata.usage;
    return [{ type: 'usage', usage: acc.usage }];
  }
  return [];
}

type ReasoningDelta = NonNullable<NonNullable<ConverseStreamOutput['contentBlockDelta']>['delta']>['reasoningContent'];

function onReasoning(acc: StreamAccumulator, block: number, delta: ReasoningDelta): NeutralEvent[] {
  const r = acc.reasoning.get(block) ?? { text: '' };
  acc.reasoning.set(block, r);
  if (delta?.text) {
    r.text += delta.text;
    acc.reasoningChars += delta.text.length;
    return [{ type: 'reasoning', block, text: delta.text }];
  }
  if (delta?.signature) {
    r.signature = (r.signature ?? '') + delta.signature;
    return [{ type: 'reasoning_signature', block, signature: delta.signature }];
  }
  if (delta?.redactedContent) {
    r.redacted = delta.redactedContent;
    return [{ type: 'redacted_reasoning', block, data: delta.redactedContent }];
  }
  return [];
}

/** The signed reasoning blocks of the streamed answer, in order (what the next tool turn must send back). */
export function streamedReasoningBlocks(acc: StreamAccumulator): ContentBlock[] {
  return [...acc.reasoning.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, r]): ContentBlock[] => {
      if (r.redacted) return [{ reasoningContent: { redactedContent: r.redacted } }];
      return r.signature ? [{ reasoningContent: { reasoningText: { text: r.text, signature: r.signature } } }] : [];
    });
}
