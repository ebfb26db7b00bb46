import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProxyContext } from '../../context';
import { cachingFor, serveConverse, type ProtocolCodec } from '../../converse/runner';
import { toConverseRequest, type ConverseTranslation } from '../../converse/to-converse';
import { fetchAll } from '../../images/fetch-image';
import { type ResolvedModel } from '../../models/resolve';
import { resolveRequestModel } from '../../converse/model';
import { RequestTracker } from '../../routes/request-tracker';
import { httpImageUrls } from './content';
import { renderMessage } from './response';
import { parseMessagesRequest, type MessagesRequest } from './schema';
import { anthropicStreamEncoder } from './stream-encoder';
import { anthropicToNeutral } from './to-neutral';

/** The Anthropic codec: message objects, Anthropic SSE with pings, errors as `event: error`. */
export function anthropicCodec(model: string, opts: { stopSequences?: readonly string[]; pingEveryMs?: number } = {}): ProtocolCodec {
  return {
    renderResponse(res) {
      const body = renderMessage(res, model, opts.stopSequences);
      return { body, finishReason: body.stop_reason ?? undefined };
    },
    toolIdPrefix: () => `toolu_${Math.random().toString(36).slice(2, 12)}`,
    streamEncoder() {
      const encoder = anthropicStreamEncoder(model, opts.stopSequences);
      if (opts.pingEveryMs && encoder.heartbeat) encoder.heartbeat.everyMs = opts.pingEveryMs;
      return encoder;
    },
  };
}

/** Parses, resolves and maps a Messages request to Converse; notes go to the server log. */
export async function translateMessages(request: FastifyRequest, ctx: ProxyContext, tracker: RequestTracker, signal: AbortSignal, body: MessagesRequest): Promise<{ model: ResolvedModel; translation: ConverseTranslation }> {
  tracker.stream = body.stream === true;
  tracker.model = body.model;
  const settings = ctx.settings();
  const model = await resolveRequestModel(ctx, body.model);
  tracker.bedrockModel = model.modelId;
  const images = await fetchAll(httpImageUrls(body), ctx.fetchImage, signal);
  const { neutral, notes } = anthropicToNeutral(body, { model, images, betaHeader: request.headers['anthropic-beta'] });
  const translation = toConverseRequest(neutral, { model, caching: cachingFor(settings, model) });
  if (translation.clampedMaxTokens) notes.push(`max_tokens ${translation.clampedMaxTokens.asked} lowered to ${translation.clampedMaxTokens.sent}, the output limit of ${model.modelId}.`);
  if (translation.droppedCachePoints) notes.push(`${translation.droppedCachePoints} cache_control point(s) dropped: Bedrock takes at most 4 (the latest conversation points are kept).`);
  if (notes.length) request.log.info({ notes, model: model.modelId }, 'messages request adjusted for Bedrock');
  tracker.notes = notes;
  return { model, translation };
}

/** POST /v1/messages: the Anthropic Messages API over Bedrock Converse. */
export async function handleMessages(request: FastifyRequest, reply: FastifyReply, ctx: ProxyContext, pingEveryMs?: number): Promise<void> {
  await serveConverse(ctx, request, reply, '/v1/messages', async (tracker, signal) => {
    const body = parseMessagesRequest(request.body);
    const { model, translation } = await translateMessages(request, ctx, tracker, signal, body);
    const codec = anthropicCodec(model.requested, { stopSequences: body.stop_sequences ?? undefined, pingEveryMs });
    return { model, translation, codec, stream: body.stream === true };
  });
}
