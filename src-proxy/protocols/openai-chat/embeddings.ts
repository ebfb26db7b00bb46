import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { embeddingCalls, parseEmbeddingResponse, toBase64Floats, type EmbeddingCall, type EmbeddingFormat } from '../../bedrock/embedding-bodies';
import { fromBedrockError } from '../../bedrock/errors';
import { BadResponseError } from '../../bedrock/frame-check';
import type { ProxyContext } from '../../context';
import { asProxyError, ProxyError } from '../../errors';
import { resolveModel } from '../../models/resolve';
import { abortOnDisconnect } from '../../converse/runner';
import { RequestTracker } from '../../routes/request-tracker';
import { parseEmbeddingsRequest } from './embeddings-schema';

// Titan and Nova embed one text per call: run a few calls at once, not hundreds.
const PARALLEL_CALLS = 4;

/** POST /v1/embeddings: OpenAI embeddings over Bedrock InvokeModel (Titan v2, Cohere v3/v4, Nova). */
export function embeddingsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const handler = (request: FastifyRequest, reply: FastifyReply) => handleEmbeddings(request, reply, ctx);
  app.post('/v1/embeddings', handler);
  app.post('/embeddings', handler);
}

async function handleEmbeddings(request: FastifyRequest, reply: FastifyReply, ctx: ProxyContext): Promise<void> {
  const tracker = new RequestTracker(ctx, request, '/v1/embeddings');
  const abort = abortOnDisconnect(reply);
  try {
    const req = parseEmbeddingsRequest(request.body);
    tracker.model = req.model;
    const settings = ctx.settings();
    const model = resolveModel(req.model, { aliases: settings.aliases, region: await ctx.bedrock.region() });
    tracker.bedrockModel = model.modelId;
    const format = model.caps.embedding;
    if (!format) throw new ProxyError('invalid_request', `Model "${req.model}" (${model.modelId}) is not an embedding model. Use titan-embed-v2, cohere-embed-english, cohere-embed-multilingual, cohere-embed-v4 or nova-embed.`, { param: 'model' });
    const texts = typeof req.input === 'string' ? [req.input] : req.input;
    const calls = embeddingCalls(format, texts, { dimensions: req.dimensions ?? undefined, inputType: req.input_type ?? undefined, purpose: req.embedding_purpose ?? undefined, truncate: req.truncate ?? undefined });
    const results = await mapLimited(calls, PARALLEL_CALLS, (call) => invoke(ctx, model.modelId, format, call, abort.signal));
    const vectors = results.flatMap((r) => r.vectors);
    const tokens = results.every((r) => r.tokens !== undefined) ? results.reduce((n, r) => n + r.tokens!, 0) : 0;
    tracker.finish(200, { usage: { inputTokens: tokens, outputTokens: 0, totalTokens: tokens } });
    const base64 = req.encoding_format === 'base64';
    await reply.send({
      object: 'list',
      data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64Floats(v) : v })),
      model: req.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  } catch (err) {
    const error = asProxyError(err);
    // Whatever the call failed with once the client left, the client left (499 client_closed).
    if (abort.signal.aborted) tracker.clientClosed();
    else tracker.finish(error.status, { error });
    throw error;
  }
}

async function invoke(ctx: ProxyContext, modelId: string, format: EmbeddingFormat, call: EmbeddingCall, signal: AbortSignal) {
  const out = await ctx.bedrock.invokeModel({ modelId, contentType: 'application/json', accept: 'application/json', body: new TextEncoder().encode(JSON.stringify(call.body)) }, signal);
  const json = parsedOrUndefined(out.body);
  // Not Bedrock's answer (a captive portal's page, a proxy's): a bad response, as on the chat
  // routes, with the same hint; the SyntaxError is not kept, it quotes the body.
  if (typeof json !== 'object' || json === null) {
    const type = out.contentType?.split(';')[0].slice(0, 60);
    throw fromBedrockError(new BadResponseError(`the embedding answer is not a JSON object${type ? ` (${type})` : ''}`));
  }
  const parsed = parseEmbeddingResponse(format, json);
  if (parsed.vectors.length !== call.count) throw new ProxyError('bedrock_model_error', `Bedrock returned ${parsed.vectors.length} embeddings for ${call.count} inputs.`);
  return parsed;
}

/** The body's JSON, or undefined when it is not JSON. */
function parsedOrUndefined(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

/** Maps with at most `limit` calls in flight, keeping the order of the input. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
