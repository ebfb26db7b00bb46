import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProxyContext } from '../../context';
import { cachingFor, serveConverse } from '../../converse/runner';
import { fetchAll } from '../../images/fetch-image';
import { resolveRequestModel } from '../../converse/model';
import { applyJsonAnswer, type JsonAnswerMode } from '../../converse/structured-output';
import type { ConverseTranslation } from '../../converse/to-converse';
import type { ResolvedModel } from '../../models/resolve';
import { chatCodec } from './codec';
import { imageUrlOf } from './content';
import { parseChatRequest, type ChatCompletionRequest } from './schema';
import { toConverse } from './to-neutral';

/** POST /v1/chat/completions (and /chat/completions): OpenAI Chat Completions over Bedrock Converse. */
export function chatCompletionsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const handler = (request: FastifyRequest, reply: FastifyReply) => handleChat(request, reply, ctx);
  app.post('/v1/chat/completions', handler);
  app.post('/chat/completions', handler);
}

async function handleChat(request: FastifyRequest, reply: FastifyReply, ctx: ProxyContext): Promise<void> {
  await serveConverse(ctx, request, reply, '/v1/chat/completions', async (tracker, signal) => {
    const req = parseChatRequest(request.body);
    tracker.stream = req.stream === true;
    tracker.model = req.model;
    const settings = ctx.settings();
    const model = await resolveRequestModel(ctx, req.model);
    tracker.bedrockModel = model.modelId;
    const images = await fetchAll(httpImageUrls(req), ctx.fetchImage, signal);
    const translation = toConverse(req, { model, images, reasoning: ctx.reasoning, caching: cachingFor(settings, model) });
    const jsonMode = jsonAnswer(req, translation, model, tracker);
    const codec = chatCodec(model.requested, { includeUsage: req.stream_options?.include_usage === true, reasoning: ctx.reasoning, jsonAnswerTool: jsonMode === 'tool' });
    return { model, translation, codec, stream: req.stream === true };
  });
}

/**
 * response_format json_object / json_schema: native structured output where the model has it,
 * else the answer forced through a tool (rendered back as the message's content), else asked for
 * in the system prompt; the log entry says which when it is not native.
 */
function jsonAnswer(req: ChatCompletionRequest, t: ConverseTranslation, model: ResolvedModel, tracker: { notes?: string[] }): JsonAnswerMode | undefined {
  const f = req.response_format;
  if (!f || f.type === 'text') return undefined;
  const mode = applyJsonAnswer(t, model, f.type === 'json_schema' ? { schema: f.json_schema.schema ?? undefined, name: f.json_schema.name, description: f.json_schema.description } : {});
  if (mode === 'tool') tracker.notes = [...(tracker.notes ?? []), `response_format ${f.type}: ${model.modelId} has no native structured output on Bedrock; the answer is forced through a tool.`];
  if (mode === 'prompt') tracker.notes = [...(tracker.notes ?? []), `response_format ${f.type}: asked for in the system prompt only (${t.thinking ? 'thinking allows no forced tool' : model.caps.tools ? 'the request has tools of its own' : `${model.modelId} takes no tools`}).`];
  return mode;
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
