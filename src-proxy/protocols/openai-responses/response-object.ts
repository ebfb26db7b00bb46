import { randomBytes } from 'node:crypto';
import type { NeutralBlock, NeutralResponse, NeutralUsage } from '../../converse/neutral';
import { JSON_ANSWER_TOOL } from '../../converse/structured-output';
import type { ProxyError } from '../../errors';
import type { ReasoningSealer } from './sealing';
import type { ResponsesRequest } from './schema';
import { CUSTOM_INPUT, type ResponsesTools } from './tools';

// The Responses API's response object and its output items, built from a neutral answer.

export type OutputItem = Record<string, unknown> & { id: string; type: string };

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  model: string;
  output: OutputItem[];
  output_text?: string;
  usage: ResponsesUsage | null;
  [echo: string]: unknown;
}

/** What rendering one answer needs to know about its request. */
export interface RenderContext {
  id: string;
  createdAt: number;
  model: string;
  req: ResponsesRequest;
  tools: ResponsesTools;
  sealer: ReasoningSealer;
  /** The client asked for summaries (reasoning.summary set): the thinking text goes into summary. */
  summaries: boolean;
  /** A JSON answer forced through the json_answer tool comes back as text. */
  jsonAnswerTool: boolean;
}

/** An id in OpenAI's style: a prefix and 48 hex digits (resp_, msg_, fc_, rs_, ctc_). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}

/** Bedrock usage in Responses words; input_tokens includes cached input as OpenAI counts it (rule 7). */
export function responsesUsage(usage: NeutralUsage | undefined, reasoningChars: number): ResponsesUsage {
  const read = usage?.cacheReadInputTokens ?? 0;
  const input = (usage?.inputTokens ?? 0) + read + (usage?.cacheWriteInputTokens ?? 0);
  const output = usage?.outputTokens ?? 0;
  // Bedrock does not count reasoning tokens apart; estimated from the reasoning text.
  const reasoning = Math.min(output, Math.ceil(reasoningChars / 4));
  return { input_tokens: input, input_tokens_details: { cached_tokens: read }, output_tokens: output, output_tokens_details: { reasoning_tokens: reasoning }, total_tokens: input + output };
}

/** The status and incomplete reason for a Bedrock stop reason. */
export function statusOf(stopReason: string | undefined): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (stopReason === 'guardrail_intervened' || stopReason === 'content_filtered') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** A reasoning output item; `sealed` is what encrypted_content would carry. */
export function reasoningItem(id: string, text: string, rc: RenderContext, sealed: string | undefined): OutputItem {
  const item: OutputItem = { id, type: 'reasoning', summary: rc.summaries && text ? [{ type: 'summary_text', text }] : [] };
  if (sealed) item.encrypted_content = sealed;
  return item;
}

/** A message output item holding one output_text part. */
export function messageItem(id: string, text: string, status = 'completed'): OutputItem {
  return { id, type: 'message', status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] };
}

/** The function_call or custom_tool_call item for a call the model made (flat name to the client's name and namespace). */
export function toolCallItem(callId: string, flat: string, args: string, rc: RenderContext, id?: string, status = 'completed'): OutputItem {
  const entry = rc.tools.entry(flat);
  const ns = entry.namespace ? { namespace: entry.namespace } : {};
  if (entry.kind === 'custom') return { id: id ?? newId('ctc'), type: 'custom_tool_call', status, call_id: callId, name: entry.name, ...ns, input: customInput(args) };
  return { id: id ?? newId('fc'), type: 'function_call', status, call_id: callId, name: entry.name, ...ns, arguments: args };
}

/** A custom tool's free-form input out of the one-argument JSON the model wrote. */
export function customInput(args: string): string {
  try {
    const parsed = JSON.parse(args || '{}') as Record<string, unknown>;
    const v = parsed[CUSTOM_INPUT];
    return typeof v === 'string' ? v : JSON.stringify(v ?? parsed);
  } catch {
    return args;
  }
}

/** The output items of a finished answer, in the order the model produced them. */
export function outputItems(content: readonly NeutralBlock[], rc: RenderContext): OutputItem[] {
  const items: OutputItem[] = [];
  let reasoning: NeutralBlock[] = [];
  let text: string | undefined;
  const flush = () => {
    if (reasoning.length) {
      const t = reasoning.map((b) => b.reasoningContent?.reasoningText?.text ?? '').join('');
      items.push(reasoningItem(newId('rs'), t, rc, rc.sealer.seal(reasoning)));
      reasoning = [];
    }
    if (text !== undefined) items.push(messageItem(newId('msg'), text));
    text = undefined;
  };
  for (const block of content) {
    if (block.reasoningContent) {
      if (text !== undefined) flush();
      reasoning.push(block);
    } else if (block.text !== undefined) {
      if (reasoning.length) flush();
      text = (text ?? '') + block.text;
    } else if (block.toolUse) {
      const args = JSON.stringify(block.toolUse.input ?? {});
      if (rc.jsonAnswerTool && block.toolUse.name === JSON_ANSWER_TOOL) {
        text = (text ?? '') + args;
        continue;
      }
      flush();
      items.push(toolCallItem(block.toolUse.toolUseId!, block.toolUse.name!, args, rc));
    }
  }
  flush();
  return items;
}

/** The response object around output items, with the request's settings echoed as the API does. */
export function responseObject(rc: RenderContext, fields: { status: ResponseObject['status']; output: OutputItem[]; usage: ResponsesUsage | null; incomplete_details?: { reason: string } | null; error?: ProxyError }): ResponseObject {
  const { req } = rc;
  const text = fields.output.flatMap((i) => (i.type === 'message' ? (i.content as { text: string }[]).map((c) => c.text) : [])).join('');
  return {
    id: rc.id,
    object: 'response',
    created_at: rc.createdAt,
    status: fields.status,
    background: false,
    error: fields.error ? { code: fields.error.code, message: fields.error.message } : null,
    incomplete_details: fields.incomplete_details ?? null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    metadata: req.metadata ?? {},
    model: rc.model,
    output: fields.output,
    output_text: text,
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    prompt_cache_key: req.prompt_cache_key ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: req.reasoning?.summary ?? null },
    service_tier: 'default',
    store: req.store ?? true,
    temperature: req.temperature ?? 1,
    text: { format: req.text?.format ?? { type: 'text' } },
    tool_choice: req.tool_choice ?? 'auto',
    tools: req.tools ?? [],
    top_p: req.top_p ?? 1,
    truncation: req.truncation ?? 'disabled',
    usage: fields.usage,
    user: req.user ?? null,
  };
}

/** A finished (non-streamed) answer as a response object. */
export function renderResponseObject(res: NeutralResponse, rc: RenderContext): ResponseObject {
  const output = outputItems(res.content, rc);
  return responseObject(rc, { ...statusOf(res.stopReason), output, usage: responsesUsage(res.usage, res.reasoningChars) });
}

/** A copy for the client: encrypted_content only when it was asked for in include. */
export function forClient(response: ResponseObject, includeEncrypted: boolean): ResponseObject {
  if (includeEncrypted) return response;
  return { ...response, output: response.output.map(withoutSealed) };
}

/** An output item without its encrypted_content. */
export function withoutSealed(item: OutputItem): OutputItem {
  if (item.type !== 'reasoning' || item.encrypted_content === undefined) return item;
  const { encrypted_content: _sealed, ...rest } = item;
  return rest as OutputItem;
}
