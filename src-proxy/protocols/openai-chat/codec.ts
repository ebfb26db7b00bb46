import type { NeutralEvent, NeutralResponse } from '../../converse/neutral';
import type { ProtocolCodec, SseFrame, StreamEncoder } from '../../converse/runner';
import { JSON_ANSWER_TOOL } from '../../converse/structured-output';
import { openAiErrorBody } from '../../errors';
import type { ReasoningStore } from './reasoning-store';
import { renderChatCompletion } from './response';
import { encodeChatEvent, newStreamState, usageChunk, type ChatCompletionChunk } from './stream-encoder';

/** The chat completions codec: chat.completion bodies, chat.completion.chunk SSE, [DONE], OpenAI error events. */
export function chatCodec(model: string, opts: { includeUsage: boolean; reasoning?: ReasoningStore; shape?: (c: ChatCompletionChunk) => unknown; jsonAnswerTool?: boolean }): ProtocolCodec {
  // The chunk envelope (id, created, model); the neutral accumulator is the runner's.
  const head = newStreamState(model, undefined as never, opts.includeUsage);
  const shape = opts.shape ?? ((c: ChatCompletionChunk) => c);
  const frames = (c: ChatCompletionChunk | undefined): SseFrame[] => {
    if (!c) return [];
    const data = shape(c);
    return data === undefined ? [] : [{ data }];
  };
  return {
    renderResponse(res) {
      const body = renderChatCompletion(opts.jsonAnswerTool ? jsonAnswerAsText(res) : res, model);
      return { body, finishReason: body.choices[0].finish_reason };
    },
    toolIdPrefix: () => `call_${head.id.slice(-8)}`,
    streamEncoder(): StreamEncoder {
      const asText = opts.jsonAnswerTool ? jsonAnswerEvents() : (ev: NeutralEvent) => ev;
      return {
        encode: (ev) => {
          const shown = asText(ev);
          return shown ? frames(encodeChatEvent(head, shown)) : [];
        },
        finish: (acc) => {
          const usage = usageChunk({ ...head, usage: acc.usage, reasoningChars: acc.reasoningChars });
          return [...frames(usage), { data: '[DONE]' }];
        },
        error: (err) => [{ data: openAiErrorBody(err) }],
      };
    },
    onToolTurn: opts.reasoning ? (ids, blocks) => opts.reasoning!.remember(ids, blocks) : undefined,
  };
}

// A JSON answer forced through a tool (models without native structured output) is the message's
// content, as OpenAI gives it: the tool's input as the text, finish_reason stop.
function jsonAnswerAsText(res: NeutralResponse): NeutralResponse {
  const content = res.content.map((b) => (b.toolUse?.name === JSON_ANSWER_TOOL ? { text: JSON.stringify(b.toolUse.input ?? {}) } : b));
  return { ...res, content, stopReason: res.stopReason === 'tool_use' ? 'end_turn' : res.stopReason };
}

// The forced tool is the request's only tool (applyJsonAnswer forces it only when there are no
// others), so every tool event is the answer, even a fragment whose start Bedrock left out.
function jsonAnswerEvents(): (ev: NeutralEvent) => NeutralEvent | undefined {
  return (ev) => {
    if (ev.type === 'tool_start') return undefined;
    if (ev.type === 'tool_args') return { type: 'text', block: ev.block, text: ev.args };
    if (ev.type === 'stop') return { type: 'stop', stopReason: ev.stopReason === 'tool_use' ? 'end_turn' : ev.stopReason, hasToolCalls: false };
    return ev;
  };
}
