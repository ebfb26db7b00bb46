import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromBedrockError } from '../../bedrock/errors';
import { BadResponseError } from '../../bedrock/frame-check';
import type { ProxyContext } from '../../context';
import { abortOnDisconnect } from '../../converse/runner';
import type { ConverseTranslation } from '../../converse/to-converse';
import { asProxyError, ProxyError } from '../../errors';
import { RequestTracker } from '../../routes/request-tracker';
import { translateMessages } from './messages';
import { parseCountTokensRequest } from './schema';

// POST /v1/messages/count_tokens. Bedrock's CountTokens gives the real count for models that
// support it (Claude); for the rest, and when CountTokens refuses the model, the answer is an
// estimate at four characters a token, labelled as such (header and field), never passed off as exact.

const GEO_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\./;

/** Handles count_tokens: Bedrock's count where the model supports it, else a labelled estimate. */
export async function handleCountTokens(request: FastifyRequest, reply: FastifyReply, ctx: ProxyContext): Promise<void> {
  const tracker = new RequestTracker(ctx, request, '/v1/messages/count_tokens');
  const abort = abortOnDisconnect(reply);
  try {
    const body = parseCountTokensRequest(request.body);
    const { model, translation } = await translateMessages(request, ctx, tracker, abort.signal, { ...body, stream: false });
    let counted: number | undefined;
    if (model.caps.family.startsWith('claude')) counted = await bedrockCount(ctx, translation, abort.signal);
    if (counted !== undefined) {
      tracker.finish(200, { usage: { inputTokens: counted, outputTokens: 0, totalTokens: counted } });
      return void (await reply.header('x-outcrop-token-count', 'bedrock').send({ input_tokens: counted }));
    }
    const estimate = estimateTokens(translation);
    tracker.notes = [...(tracker.notes ?? []), `count_tokens for ${model.modelId} is an estimate (Bedrock CountTokens does not support the model).`];
    tracker.finish(200, {});
    await reply.header('x-outcrop-token-count', 'estimate').send({ input_tokens: estimate, estimated: true });
  } catch (err) {
    const error = asProxyError(err);
    // Whatever the call failed with once the client left, the client left (499 client_closed).
    if (abort.signal.aborted) tracker.clientClosed();
    else tracker.finish(error.status, { error });
    throw error;
  }
}

// CountTokens takes the foundation model id, not an inference profile.
async function bedrockCount(ctx: ProxyContext, t: ConverseTranslation, signal: AbortSignal): Promise<number | undefined> {
  const { modelId, messages, system, toolConfig, additionalModelRequestFields } = t.input;
  const out = await ctx.bedrock.countTokens({ modelId: modelId!.replace(GEO_PREFIX, ''), input: { converse: { messages, system, toolConfig, additionalModelRequestFields } } }, signal).catch((err: unknown) => {
    // A model without CountTokens support is answered with an estimate; anything else is an error.
    if (err instanceof ProxyError && err.code === 'bedrock_validation' && /count/i.test(err.message)) return undefined;
    throw err;
  });
  if (!out) return undefined;
  // An empty or foreign body decodes to no count: not Bedrock's answer, and not a reason to
  // call the model unsupported and estimate.
  if (typeof out.inputTokens !== 'number') throw fromBedrockError(new BadResponseError('the CountTokens answer has no token count'));
  return out.inputTokens;
}

/** About four characters a token over the text the model would read (system, messages, tools). */
export function estimateTokens(t: ConverseTranslation): number {
  let chars = 0;
  for (const b of t.input.system ?? []) chars += b.text?.length ?? 0;
  for (const m of t.input.messages ?? []) {
    for (const b of m.content ?? []) {
      if (b.text) chars += b.text.length;
      else if (b.toolUse) chars += JSON.stringify(b.toolUse.input ?? {}).length + (b.toolUse.name?.length ?? 0);
      else if (b.toolResult) for (const c of b.toolResult.content ?? []) chars += c.text?.length ?? (c.json ? JSON.stringify(c.json).length : 0);
      else if (b.reasoningContent?.reasoningText) chars += b.reasoningContent.reasoningText.text?.length ?? 0;
      // Images and documents: Anthropic counts about (width*height)/750; without decoding, a typical screenshot.
      else if (b.image || b.document) chars += 6000;
    }
  }
  for (const tool of t.input.toolConfig?.tools ?? []) if (tool.toolSpec) chars += JSON.stringify(tool.toolSpec).length;
  return Math.max(1, Math.ceil(chars / 4));
}
