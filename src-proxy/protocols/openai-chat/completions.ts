import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ProxyContext } from '../../context';
import { cachingFor, serveConverse, type ProtocolCodec } from '../../converse/runner';
import { ProxyError } from '../../errors';
import { resolveRequestModel } from '../../converse/model';
import { chatCodec } from './codec';
import type { ChatCompletion } from './response';
import { modelName } from '../schema-issues';
import { paramName, type ChatCompletionRequest } from './schema';
import type { ChatCompletionChunk } from './stream-encoder';
import { toConverse } from './to-neutral';

// The legacy Completions API (prompt in, text out), served by a chat model so that tools such as
// Continue's autocomplete (useLegacyCompletionsEndpoint) work with Bedrock.
const completionsRequest = z.looseObject({
  model: modelName.optional(),
  prompt: z.union([z.string(), z.array(z.string()).length(1)]),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  n: z.number().int().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  echo: z.boolean().nullish(),
  user: z.string().nullish(),
});
type CompletionsRequest = z.infer<typeof completionsRequest>;

export const COMPLETION_SYSTEM = 'You are a text completion engine. Reply with only the text that continues the user\'s text, exactly where it stops: no repetition of the given text, no commentary, no code fences.';

/** POST /v1/completions: legacy text completions over Converse. */
export function completionsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const handler = (request: FastifyRequest, reply: FastifyReply) => handleCompletions(request, reply, ctx);
  app.post('/v1/completions', handler);
  app.post('/completions', handler);
}

function parse(body: unknown): CompletionsRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  const result = completionsRequest.safeParse(body, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = paramName(issue.path) || 'body';
    const why = issue.input === undefined ? 'this field is required.' : param === 'prompt' ? 'must be a string (or an array of one string).' : `${issue.message}.`;
    throw new ProxyError('invalid_request', `Invalid value for '${param}': ${why}`, { param });
  }
  const prompt = Array.isArray(result.data.prompt) ? result.data.prompt[0] : result.data.prompt;
  if (!prompt.trim()) throw new ProxyError('invalid_request', "'prompt' is empty; send the text to continue.", { param: Array.isArray(result.data.prompt) ? 'prompt[0]' : 'prompt' });
  if (result.data.echo) throw new ProxyError('unsupported_parameter', "'echo' is not supported: Bedrock models do not return the prompt's tokens.", { param: 'echo' });
  return result.data;
}

/** The chat request a text completion becomes. */
export function asChatRequest(req: CompletionsRequest): ChatCompletionRequest {
  const prompt = Array.isArray(req.prompt) ? req.prompt[0] : req.prompt;
  const suffix = req.suffix ? `\n\nThe text that comes after your completion is:\n${req.suffix}` : '';
  return {
    model: req.model,
    messages: [{ role: 'system', content: COMPLETION_SYSTEM + suffix }, { role: 'user', content: prompt }],
    max_tokens: req.max_tokens,
    temperature: req.temperature,
    top_p: req.top_p,
    stop: req.stop,
    n: req.n,
    stream: req.stream,
  };
}

async function handleCompletions(request: FastifyRequest, reply: FastifyReply, ctx: ProxyContext): Promise<void> {
  await serveConverse(ctx, request, reply, '/v1/completions', async (tracker) => {
    const req = parse(request.body);
    tracker.stream = req.stream === true;
    tracker.model = req.model;
    const settings = ctx.settings();
    const model = await resolveRequestModel(ctx, req.model);
    tracker.bedrockModel = model.modelId;
    const translation = toConverse(asChatRequest(req), { model, caching: cachingFor(settings, model) });
    return { model, translation, codec: completionsCodec(model.requested, req.stream_options?.include_usage === true), stream: req.stream === true };
  });
}

// The chat codec with every chat body and chunk reshaped as a text completion.
function completionsCodec(model: string, includeUsage: boolean): ProtocolCodec {
  const chat = chatCodec(model, { includeUsage, shape: textChunk });
  return {
    ...chat,
    renderResponse(res) {
      const { body, finishReason } = chat.renderResponse(res);
      return { body: textCompletion(body as ChatCompletion), finishReason };
    },
  };
}

function textCompletion(chat: ChatCompletion) {
  const choice = chat.choices[0];
  return {
    id: chat.id.replace('chatcmpl-', 'cmpl-'),
    object: 'text_completion',
    created: chat.created,
    model: chat.model,
    choices: [{ text: choice.message.content ?? '', index: 0, logprobs: null, finish_reason: choice.finish_reason }],
    usage: chat.usage,
  };
}

function textChunk(chunk: ChatCompletionChunk): unknown {
  const base = { id: chunk.id.replace('chatcmpl-', 'cmpl-'), object: 'text_completion', created: chunk.created, model: chunk.model };
  if (chunk.choices.length === 0) return { ...base, choices: [], usage: chunk.usage };
  const { delta, finish_reason } = chunk.choices[0];
  if (!delta.content && !finish_reason) return undefined;
  return { ...base, choices: [{ text: delta.content ?? '', index: 0, logprobs: null, finish_reason }] };
}
