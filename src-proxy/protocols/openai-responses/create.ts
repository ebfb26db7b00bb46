import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProxyContext } from '../../context';
import { cachingFor, serveConverse } from '../../converse/runner';
import { applyJsonAnswer, applyStrictTools } from '../../converse/structured-output';
import { toConverseRequest } from '../../converse/to-converse';
import { ProxyError } from '../../errors';
import { fetchAll } from '../../images/fetch-image';
import { resolveRequestModel } from '../../converse/model';
import { responsesCodec } from './codec';
import { httpImageUrls } from './items';
import { newId, type RenderContext } from './response-object';
import type { ResponseStore } from './response-store';
import { parseResponsesRequest, type InputItem } from './schema';
import type { ReasoningSealer } from './sealing';
import { responsesToNeutral } from './to-neutral';
import { ResponsesTools } from './tools';

export interface ResponsesState {
  store: ResponseStore;
  sealer: ReasoningSealer;
}

const ENCRYPTED = 'reasoning.encrypted_content';

/** POST /v1/responses: the OpenAI Responses API over Bedrock Converse. */
export async function handleCreate(request: FastifyRequest, reply: FastifyReply, ctx: ProxyContext, state: ResponsesState): Promise<void> {
  await serveConverse(ctx, request, reply, '/v1/responses', async (tracker, signal) => {
    const req = parseResponsesRequest(request.body);
    tracker.stream = req.stream === true;
    tracker.model = req.model;
    const previous = req.previous_response_id ? state.store.get(req.previous_response_id) : undefined;
    if (req.previous_response_id && !previous) throw unknownResponse(req.previous_response_id, 'previous_response_id');
    // A string input is the user message OpenAI lists it as (input_items shows it in that shape).
    const own = withIds(typeof req.input === 'string' ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: req.input }] }] : (req.input ?? []));
    const items = previous ? [...previous.input, ...previous.output, ...own] as InputItem[] : own;

    const settings = ctx.settings();
    const model = await resolveRequestModel(ctx, req.model);
    tracker.bedrockModel = model.modelId;
    const tools = new ResponsesTools(req.tools ?? []);
    const images = await fetchAll(httpImageUrls(items), ctx.fetchImage, signal);
    const notes: string[] = [];
    const translation = toConverseRequest(responsesToNeutral(req, items, { images, tools, sealer: state.sealer, notes }), { model, caching: cachingFor(settings, model) });
    if (tools.skipped.length) notes.push(`hosted tools left out (Bedrock cannot run them): ${tools.skipped.join(', ')}.`);
    const notStrict = applyStrictTools(translation, model, tools.strict);
    if (notStrict.length) notes.push(`strict left off for ${notStrict.join(', ')}: ${model.modelId} or the schema does not allow constrained decoding (rule 18).`);
    const format = req.text?.format;
    const jsonMode = format?.type === 'json_schema' || format?.type === 'json_object' ? applyJsonAnswer(translation, model, format.type === 'json_schema' ? format : {}) : undefined;
    if (jsonMode === 'tool') notes.push(`text.format ${format!.type}: ${model.modelId} has no native structured output on Bedrock; the answer is forced through a tool.`);
    if (jsonMode === 'prompt') notes.push(`text.format ${format!.type}: asked for in the system prompt only (thinking allows no forced tool).`);
    if (req.parallel_tool_calls === false) notes.push('parallel_tool_calls false is not supported by Bedrock Converse; the model may still call tools in parallel.');
    if (translation.clampedMaxTokens) notes.push(`max_output_tokens ${translation.clampedMaxTokens.asked} lowered to ${translation.clampedMaxTokens.sent}, the output limit of ${model.modelId}.`);
    if (translation.droppedCachePoints) notes.push(`${translation.droppedCachePoints} cache point(s) dropped: Bedrock takes at most 4.`);
    if (notes.length) {
      request.log.info({ notes, model: model.modelId }, 'responses request adjusted for Bedrock');
      tracker.notes = notes;
    }

    const id = newId('resp');
    const rc: RenderContext = {
      id, createdAt: Math.floor(Date.now() / 1000), model: model.requested, req, tools, sealer: state.sealer,
      summaries: !!req.reasoning?.summary && req.reasoning.summary !== 'none', jsonAnswerTool: jsonMode === 'tool',
    };
    const codec = responsesCodec(rc, {
      includeEncrypted: req.include?.includes(ENCRYPTED) ?? false,
      done: (response) => {
        // store:false keeps nothing (Codex sends it and re-sends the whole history each turn).
        if (req.store !== false) state.store.put(id, { response, input: items, output: response.output, ownInput: own });
      },
    });
    return { model, translation, codec, stream: req.stream === true };
  });
}

/** The 404 for a response id the store does not hold, in words that say why it may be gone. */
export function unknownResponse(id: string, param?: string): ProxyError {
  return new ProxyError(
    'not_found',
    `Response '${id}' is not stored in Outcrop: it was created with store: false, deleted, evicted from the bounded in-memory store (Settings: responses kept), or Outcrop restarted since. Send the whole conversation as input instead.`,
    { param },
  );
}

// Input items keep the ids the client gave; items without one get one (input_items lists them by id).
function withIds(items: InputItem[]): InputItem[] {
  return items.map((item) => {
    const it = item as { id?: string | null; type?: string };
    if (it.id) return item;
    const prefix = it.type === 'function_call_output' || it.type === 'custom_tool_call_output' ? 'fco' : it.type === 'function_call' ? 'fc' : 'msg';
    return { ...item, type: it.type ?? 'message', id: newId(prefix) } as InputItem;
  });
}
