import type { ProtocolCodec, SseFrame, StreamEncoder } from '../../converse/runner';
import { openAiErrorBody } from '../../errors';
import type { ReasoningStore } from './reasoning-store';
import { renderChatCompletion } from './response';
import { encodeChatEvent, newStreamState, usageChunk, type ChatCompletionChunk } from './stream-encoder';

/** The chat completions codec: chat.completion bodies, chat.completion.chunk SSE, [DONE], OpenAI error events. */
export function chatCodec(model: string, opts: { includeUsage: boolean; reasoning?: ReasoningStore; shape?: (c: ChatCompletionChunk) => unknown }): ProtocolCodec {
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
      const body = renderChatCompletion(res, model);
      return { body, finishReason: body.choices[0].finish_reason };
    },
    toolIdPrefix: () => `call_${head.id.slice(-8)}`,
    streamEncoder(): StreamEncoder {
      return {
        encode: (ev) => frames(encodeChatEvent(head, ev)),
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
