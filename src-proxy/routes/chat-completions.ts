import type { ConverseCommandInput, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fromBedrockError } from '../bedrock/errors';
import { asProxyError, openAiErrorBody, ProxyError } from '../errors';
import { fetchAll } from '../images/fetch-image';
import { resolveModel, type ResolvedModel } from '../models/resolve';
import { parseChatRequest, type ChatCompletionRequest } from '../schemas/openai-chat';
import type { CachingPolicy } from '../translate/cache-points';
import { imageUrlOf } from '../translate/content';
import { reasoningBlocksOf, toChatCompletion } from '../translate/converse-to-openai';
import { newStreamState, onStreamEvent, streamedReasoningBlocks, usageChunk, type StreamState } from '../translate/converse-stream-to-openai';
import { toConverse } from '../translate/openai-to-converse';
import type { ProxyContext } from '../context';
import { RequestTracker } from './request-tracker';
import { SseWriter } from './sse';

/** POST /v1/chat/completions (and /chat/completions): OpenAI Chat Completions over Bedrock Converse. */
export function chatCompletionsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const handler = (request: FastifyRequest, reply: FastifyReply) => handleChat(request, reply, ctx);
  app.post('/v1/chat/completions', handler);
  app.post('/chat/completions', handler);
}

async function handleChat(request: FastifyRequest, reply: FastifyReply, ctx: ProxyContext): Promise<void> {
  const tracker = new RequestTracker(ctx, request, '/v1/chat/completions');
  const abort = abortOnDisconnect(reply);
  try {
    const req = parseChatRequest(request.body);
    tracker.stream = req.stream === true;
    tracker.model = req.model;
    const settings = ctx.settings();
    const model = resolveModel(req.model, { aliases: settings.aliases, region: await ctx.bedrock.region(), defaultModel: settings.defaultModel });
    tracker.bedrockModel = model.modelId;
    const images = await fetchAll(httpImageUrls(req), ctx.fetchImage, abort.signal);
    const translation = toConverse(req, { model, images, reasoning: ctx.reasoning, caching: cachingFor(settings, model) });
    if (req.stream) await streamChat(req, model, translation, reply, abort.signal, tracker, ctx);
    else await completeChat(model, translation, reply, abort.signal, tracker, ctx);
  } catch (err) {
    const error = asProxyError(err);
    tracker.finish(error.status, { error });
    throw error;
  }
}

async function completeChat(model: ResolvedModel, t: ReturnType<typeof toConverse>, reply: FastifyReply, signal: AbortSignal, tracker: RequestTracker, ctx: ProxyContext): Promise<void> {
  const out = await ctx.bedrock.converse(t.input, signal);
  const completion = toChatCompletion(out, model.requested, t.toolNames);
  const calls = completion.choices[0].message.tool_calls ?? [];
  if (t.thinking && calls.length) ctx.reasoning.remember(calls.map((c) => c.id), reasoningBlocksOf(out.output?.message?.content ?? []));
  tracker.ttft();
  tracker.finish(200, { usage: out.usage, finishReason: completion.choices[0].finish_reason, reasoningTokens: completion.usage.completion_tokens_details.reasoning_tokens });
  await reply.send(completion);
}

async function streamChat(req: ChatCompletionRequest, model: ResolvedModel, t: ReturnType<typeof toConverse>, reply: FastifyReply, signal: AbortSignal, tracker: RequestTracker, ctx: ProxyContext): Promise<void> {
  const input: ConverseCommandInput = t.input.guardrailConfig ? { ...t.input, guardrailConfig: { streamProcessingMode: 'async', ...t.input.guardrailConfig } as ConverseCommandInput['guardrailConfig'] } : t.input;
  const events = (await ctx.bedrock.converseStream(input, signal))[Symbol.asyncIterator]();
  const state = newStreamState(model.requested, t.toolNames, req.stream_options?.include_usage === true);
  // Wait for the first event before answering 200: an error this early gets a real HTTP status (rule 9).
  let next = await nextEvent(events, model);
  reply.hijack();
  const sse = new SseWriter(reply.raw);
  try {
    while (!next.done) {
      for (const c of onStreamEvent(state, next.value)) {
        if (!tracker.hasFirstToken && (c.choices[0]?.delta.content || c.choices[0]?.delta.tool_calls || c.choices[0]?.delta.reasoning_content)) tracker.ttft();
        await sse.data(c);
      }
      if (sse.isClosed) return void tracker.finish(499, { error: new ProxyError('invalid_request', 'The client closed the connection before the answer was complete.') });
      next = await nextEvent(events, model);
    }
    if (!state.finished) throw new ProxyError('bedrock_stream_error', 'Bedrock ended the stream before the answer was complete. Retry the request.');
    const usage = usageChunk(state);
    if (usage) await sse.data(usage);
    await sse.data('[DONE]');
    rememberReasoning(state, t.thinking, ctx);
    tracker.finish(200, { usage: state.usage, finishReason: state.stopReason, reasoningTokens: Math.ceil(state.reasoningChars / 4) });
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
function abortOnDisconnect(reply: FastifyReply): AbortController {
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  return abort;
}

function httpImageUrls(req: ChatCompletionRequest): string[] {
  const urls: string[] = [];
  for (const msg of req.messages) {
    if (!Array.isArray(msg.content)) continue;
    for (const part of msg.content) {
      if (part.type !== 'image_url') continue;
      const url = imageUrlOf(part as { image_url: string | { url: string } });
      if (/^https?:/i.test(url)) urls.push(url);
    }
  }
  return urls;
}

function cachingFor(settings: ReturnType<ProxyContext['settings']>, model: ResolvedModel): CachingPolicy {
  const override = settings.cachingPerModel[model.requested] ?? settings.cachingPerModel[model.modelId];
  return { ...settings.caching, ...override };
}
