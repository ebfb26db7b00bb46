import { defaultReply } from './default-replies';
import { embeddingResponse, isEmbeddingModel } from './embeddings';
import { BedrockError, baseHeaders, defaultErrorMessage, sendError, sendJson, streamExceptionName } from './errors';
import { eventFrame, exceptionFrame } from './eventstream';
import type { Exchange } from './exchange';
import { anthropicMessage, anthropicStreamEvents, checkAnthropicBody, isAnthropicBody } from './invoke-anthropic';
import type { PromptCache } from './prompt-cache';
import { converseBody, converseStreamEvents, estimateInputTokens, render } from './reply';
import type { RecordedRequest, Reply } from './types';
import { checkModelId, validateConverse } from './validation';

export const RUNTIME_ACTIONS: Record<string, RecordedRequest['operation']> = {
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream',
  'count-tokens': 'CountTokens',
};

export interface RuntimeContext {
  /** The scripted or handler reply for this request, undefined for the built-in default. */
  nextReply(rec: RecordedRequest): Promise<Reply | undefined>;
  /** Reports cache reads and writes for requests with cache points (unless the reply scripts its usage). */
  promptCache: PromptCache;
}

const DEFAULT_CHUNK = 8;

/** Answers one runtime request (after authentication); throws BedrockError for refused requests. */
export async function handleRuntime(ctx: RuntimeContext, ex: Exchange, rec: RecordedRequest, region?: string): Promise<void> {
  const modelId = rec.modelId ?? '';
  const modelProblem =
    rec.operation === 'CountTokens' ? (modelId.trim() ? undefined : 'The provided model identifier is invalid.') : checkModelId(modelId, region);
  if (modelProblem) throw new BedrockError('ValidationException', modelProblem);
  switch (rec.operation) {
    case 'Converse':
    case 'ConverseStream':
      return converse(ctx, ex, rec);
    case 'InvokeModel':
    case 'InvokeModelWithResponseStream':
      return invoke(ctx, ex, rec);
    case 'CountTokens':
      return countTokens(ex, rec);
    default:
      throw new BedrockError('UnknownOperationException', `Unknown operation ${rec.operation}`);
  }
}

function elapsed(rec: RecordedRequest): number {
  return Math.max(1, Date.now() - rec.time);
}

async function converse(ctx: RuntimeContext, ex: Exchange, rec: RecordedRequest): Promise<void> {
  const problem = validateConverse(rec.body, rec.modelId ?? '');
  if (problem) throw new BedrockError('ValidationException', problem);
  const reply = (await ctx.nextReply(rec)) ?? defaultReply(rec);
  await ex.sleep(reply.latencyMs ?? 0);
  if (ex.closed) return;
  if (reply.error) return sendError(ex, reply.error.type, reply.error.message, reply.error.status);
  const rendered = render(reply, rec.body);
  const u = reply.usage;
  if (!u || (u.inputTokens === undefined && u.cacheReadInputTokens === undefined && u.cacheWriteInputTokens === undefined)) {
    rendered.usage = ctx.promptCache.apply(rec.modelId ?? '', rec.body, rendered.usage);
  }
  if (rec.operation === 'Converse') return sendJson(ex, converseBody(rendered, elapsed(rec)));
  const pad = reply.padding !== false;
  const events = converseStreamEvents(rendered, reply.chunkSize ?? DEFAULT_CHUNK, elapsed(rec));
  const frames = events.map(([type, payload]) => eventFrame(type, payload, pad));
  await streamFrames(ex, frames, reply);
}

async function invoke(ctx: RuntimeContext, ex: Exchange, rec: RecordedRequest): Promise<void> {
  const modelId = rec.modelId ?? '';
  const anthropic = isAnthropicBody(modelId, rec.body);
  if (anthropic) checkAnthropicBody(rec.body);
  const scripted = await ctx.nextReply(rec);
  const reply: Reply = scripted ?? {};
  await ex.sleep(reply.latencyMs ?? 0);
  if (ex.closed) return;
  if (reply.error) return sendError(ex, reply.error.type, reply.error.message, reply.error.status);
  const hasContent = reply.text !== undefined || reply.content !== undefined;
  const streaming = rec.operation === 'InvokeModelWithResponseStream';
  let payloads: unknown[];
  if (reply.body !== undefined) {
    payloads = streaming && Array.isArray(reply.body) ? reply.body : [reply.body];
  } else if (anthropic) {
    const rendered = render(hasContent ? reply : { ...defaultReply(rec), ...reply }, rec.body);
    payloads = streaming
      ? anthropicStreamEvents(rendered, modelId, reply.chunkSize ?? DEFAULT_CHUNK, elapsed(rec))
      : [anthropicMessage(rendered, modelId)];
  } else if (isEmbeddingModel(modelId) && !hasContent) {
    if (streaming) throw new BedrockError('ValidationException', 'The model is unsupported for streaming.');
    payloads = [embeddingResponse(modelId, rec.body)];
  } else {
    throw new BedrockError(
      'ValidationException',
      `The Bedrock emulator has no default ${rec.operation} reply for model ${modelId}; script one with { body }.`,
    );
  }
  if (!streaming) return sendJson(ex, payloads[0], { 'x-amzn-bedrock-input-token-count': String(estimateInputTokens(rec.body)) });
  const pad = reply.padding !== false;
  const frames = payloads.map((p) =>
    eventFrame('chunk', { bytes: Buffer.from(JSON.stringify(p)).toString('base64') }, pad),
  );
  await streamFrames(ex, frames, reply);
}

// Writes the frames (cut short by a scripted in-stream exception), one write when there is no
// pacing so the hot path stays cheap.
async function streamFrames(ex: Exchange, frames: Uint8Array[], reply: Reply): Promise<void> {
  const se = reply.streamError;
  if (se) {
    const after = Math.max(0, Math.min(se.afterEvents ?? 2, frames.length));
    const name = streamExceptionName(se.type);
    const payload: Record<string, unknown> = { message: se.message ?? defaultErrorMessage(name) };
    if (name === 'modelStreamErrorException') {
      payload.originalStatusCode = 500;
      payload.originalMessage = payload.message;
    }
    frames = [...frames.slice(0, after), exceptionFrame(name, payload)];
  }
  const cutAt = reply.disconnectAfterEvents;
  if (cutAt !== undefined) frames = frames.slice(0, Math.max(0, cutAt));
  ex.start(200, baseHeaders('application/vnd.amazon.eventstream'));
  const delay = reply.chunkDelayMs ?? 0;
  // Before a reset the bytes must have left, or the reset would discard them.
  const write = (chunk: Uint8Array) => (cutAt !== undefined ? ex.flushWrite(chunk) : ex.write(chunk));
  if (delay <= 0) {
    await write(Buffer.concat(frames));
  } else {
    for (let i = 0; i < frames.length && !ex.closed; i++) {
      if (i > 0) await ex.sleep(delay);
      await write(frames[i]);
    }
  }
  if (cutAt !== undefined) ex.cut();
  else ex.end();
}

async function countTokens(ex: Exchange, rec: RecordedRequest): Promise<void> {
  const modelId = rec.modelId ?? '';
  if (!modelId.includes('anthropic.claude')) {
    throw new BedrockError('ValidationException', "The provided model doesn't support counting tokens.");
  }
  const input = rec.body?.input;
  if (input?.converse) {
    const problem = validateConverse(input.converse, modelId);
    if (problem) throw new BedrockError('ValidationException', problem);
    return sendJson(ex, { inputTokens: estimateInputTokens(input.converse) });
  }
  if (typeof input?.invokeModel?.body === 'string') {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(input.invokeModel.body, 'base64').toString('utf8'));
    } catch {
      throw new BedrockError('ValidationException', 'The invokeModel body is not valid JSON.');
    }
    return sendJson(ex, { inputTokens: estimateInputTokens(body) });
  }
  throw new BedrockError('ValidationException', 'Malformed input request: #/input: expected one of [converse, invokeModel], please reformat your input and try again.');
}
