import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { FastifyReply } from 'fastify';
import type { Settings } from '../../src-shared/settings';
import { fromBedrockError } from '../bedrock/errors';
import type { ProxyContext } from '../context';
import { asProxyError, openAiErrorBody, ProxyError } from '../errors';
import type { ResolvedModel } from '../models/resolve';
import type { CachingPolicy } from '../translate/cache-points';
import { reasoningBlocksOf, toChatCompletion, type ChatCompletion } from '../translate/converse-to-openai';
import { newStreamState, onStreamEvent, streamedReasoningBlocks, usageChunk, type ChatCompletionChunk, type StreamState } from '../translate/converse-stream-to-openai';
import type { ConverseTranslation } from '../translate/openai-to-converse';
import type { RequestTracker } from './request-tracker';
import { SseWriter } from './sse';

// The shared half of every OpenAI-shaped endpoint that ends in Converse: call Bedrock, translate
// back, stream with backpressure, report to the request log. Endpoints differ only in the shape
// they give the answer (chat completion, legacy text completion).

export interface RunContext {
  ctx: ProxyContext;
  model: ResolvedModel;
  translation: ConverseTranslation;
  reply: FastifyReply;
  signal: AbortSignal;
  tracker: RequestTracker;
}

/** Calls Converse and returns the answer as an OpenAI chat completion (the caller sends it, reshaped or not). */
export async function runConverse(run: RunContext): Promise<ChatCompletion> {
  const { ctx, model, translation: t, signal, tracker } = run;
  const out = await ctx.bedrock.converse(t.input, signal);
  const completion = toChatCompletion(out, model.requested, t.toolNames, { reasoningTags: model.caps.reasoningTags });
  const calls = completion.choices[0].message.tool_calls ?? [];
  if (t.thinking && calls.length) ctx.reasoning.remember(calls.map((c) => c.id), reasoningBlocksOf(out.output?.message?.content ?? []));
  tracker.ttft();
  tracker.finish(200, { usage: out.usage, finishReason: completion.choices[0].finish_reason, reasoningTokens: completion.usage.completion_tokens_details.reasoning_tokens, bodies: { request: t.input, response: out.output } });
  return completion;
}

/** Calls ConverseStream and writes SSE: each chat chunk through `shape` (undefined drops it), then usage and [DONE]. */
export async function runConverseStream(run: RunContext, includeUsage: boolean, shape: (c: ChatCompletionChunk) => unknown = (c) => c): Promise<void> {
  const { ctx, model, translation: t, reply, signal, tracker } = run;
  const events = (await ctx.bedrock.converseStream(t.input, signal))[Symbol.asyncIterator]();
  const state = newStreamState(model.requested, t.toolNames, includeUsage, { reasoningTags: model.caps.reasoningTags });
  // The streamed answer is assembled only when the user keeps bodies in the log.
  const kept = ctx.settings().keepBodies ? { content: '', reasoning: '' } : undefined;
  // Wait for the first event before answering 200: an error this early gets a real HTTP status (rule 9).
  let next = await nextEvent(events, model);
  reply.hijack();
  const sse = new SseWriter(reply.raw);
  try {
    while (!next.done) {
      for (const chunk of onStreamEvent(state, next.value)) {
        const delta = chunk.choices[0]?.delta;
        if (!tracker.hasFirstToken && (delta?.content || delta?.tool_calls || delta?.reasoning_content)) tracker.ttft();
        if (kept && delta) {
          kept.content += delta.content ?? '';
          kept.reasoning += delta.reasoning_content ?? '';
        }
        const shaped = shape(chunk);
        if (shaped !== undefined) await sse.data(shaped);
      }
      if (sse.isClosed) return void tracker.finish(499, { error: new ProxyError('invalid_request', 'The client closed the connection before the answer was complete.') });
      next = await nextEvent(events, model);
    }
    if (!state.finished) throw new ProxyError('bedrock_stream_error', 'Bedrock ended the stream before the answer was complete. Retry the request.');
    const usage = usageChunk(state);
    if (usage) await sse.data(shape(usage));
    await sse.data('[DONE]');
    rememberReasoning(state, t.thinking, ctx);
    tracker.finish(200, { usage: state.usage, finishReason: state.stopReason, reasoningTokens: Math.ceil(state.reasoningChars / 4), bodies: { request: t.input, response: { ...kept, toolCallIds: state.toolCallIds, stopReason: state.stopReason } } });
  } catch (err) {
    // After the 200 the status is sent: report the error in the stream, with no made-up finish_reason.
    const error = signal.aborted ? new ProxyError('invalid_request', 'The client closed the connection.') : asProxyError(err);
    if (!sse.isClosed) await sse.data(openAiErrorBody(error));
    tracker.finish(signal.aborted ? 499 : error.status, { error, usage: state.usage });
  } finally {
    sse.end();
  }
}

async function nextEvent(events: AsyncIterator<ConverseStreamOutput>, model: ResolvedModel): Promise<IteratorResult<ConverseStreamOutput>> {
  try {
    return await events.next();
  } catch (err) {
    throw fromBedrockError(err, { modelId: model.modelId });
  }
}

function rememberReasoning(state: StreamState, thinking: boolean, ctx: ProxyContext): void {
  if (thinking && state.toolCallIds.length) ctx.reasoning.remember(state.toolCallIds, streamedReasoningBlocks(state));
}

/** Aborts the Bedrock call when the client goes away before the answer is written (rule 15). */
export function abortOnDisconnect(reply: FastifyReply): AbortController {
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  return abort;
}

/** The caching policy for a model: the global defaults with the model's overrides. */
export function cachingFor(settings: Settings, model: ResolvedModel): CachingPolicy {
  const override = settings.cachingPerModel[model.requested] ?? settings.cachingPerModel[model.modelId];
  return { ...settings.caching, ...override };
}
