import { z } from 'zod';
import { ProxyError } from '../../errors';
import { deepestIssue, describeIssue, MAX_MODEL_NAME, modelName, paramName, typedUnion } from '../schema-issues';

export { paramName };

// The OpenAI Chat Completions request, as far as Outcrop reads it. Objects are loose: unknown
// fields are ignored, never fatal (clients add their own extensions all the time).

const cacheControl = z.looseObject({ type: z.string(), ttl: z.string().optional() }).optional();

const textPart = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.union([z.string(), z.looseObject({ url: z.string(), detail: z.string().optional() })]),
  cache_control: cacheControl,
});
const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({ file_data: z.string().optional(), filename: z.string().optional(), file_id: z.string().optional() }),
  cache_control: cacheControl,
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string(), cache_control: cacheControl });

// Known part types are checked in full; other types pass as {type} and are refused by name in content.ts.
export const contentPart = typedUnion([textPart, imagePart, filePart, refusalPart]);
const content = z.union([z.string(), z.array(contentPart), z.null()]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
});

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content, name: z.string().optional() }),
  z.looseObject({ role: z.literal('developer'), content, name: z.string().optional() }),
  z.looseObject({ role: z.literal('user'), content, name: z.string().optional() }),
  z.looseObject({
    role: z.literal('assistant'),
    content: content.optional(),
    tool_calls: z.array(toolCall).nullish(),
    reasoning_content: z.string().nullish(),
    refusal: z.string().nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), content, tool_call_id: z.string() }),
]);

const tool = z.looseObject({
  type: z.string().optional(),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
  cache_control: cacheControl,
});

const toolChoice = z.union([
  z.enum(['auto', 'none', 'required', 'any']),
  z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) }),
]);

// Structured output: a JSON answer, with or without a schema ('text' is the default answer).
const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const chatCompletionRequest = z.looseObject({
  model: modelName.optional(),
  messages: z.array(message).min(1),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  n: z.number().int().nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  user: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  reasoning_effort: z.string().nullish(),
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().positive().optional() }).nullish(),
  prompt_caching: z.unknown().optional(),
  response_format: responseFormat.nullish(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
export type ChatMessage = ChatCompletionRequest['messages'][number];
export type ContentPart = z.infer<typeof contentPart>;
export type ChatTool = z.infer<typeof tool>;
export type ChatToolChoice = z.infer<typeof toolChoice>;
export type ChatResponseFormat = z.infer<typeof responseFormat>;

/** Validates a parsed JSON body; throws a 400 ProxyError naming the first bad field. */
export function parseChatRequest(body: unknown): ChatCompletionRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  }
  // The fast path: a request that plainly fits the schema is used as it is. zod would only copy
  // it (no field here transforms), which costs more than the rest of the translation together.
  if (fitsChatRequest(body)) return body as ChatCompletionRequest;
  const result = chatCompletionRequest.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issue = pickIssue(result.error.issues);
  const param = paramName(issue.path);
  throw new ProxyError('invalid_request', `Invalid value for '${param || 'body'}': ${describe(issue)}`, { param: param || null });
}

// A discriminated-union failure on "role" is the most useful message; otherwise the first issue,
// followed into unions to the field that is wrong.
function pickIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  return issues.find((i) => i.path.at(-1) === 'role') ?? deepestIssue(issues[0]);
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'role') {
    return "expected one of 'system', 'developer', 'user', 'assistant' or 'tool'.";
  }
  // issue.input is only set because parseChatRequest asks zod to report it.
  return describeIssue(issue);
}

// ---- The fast path -------------------------------------------------------------------------
// fitsChatRequest accepts exactly the JSON bodies chatCompletionRequest accepts: a unit test
// mutates every field of the zod schema and holds the two together, so a field added here must
// be added there. Anything it refuses goes through zod, which says which field is wrong. It
// allocates nothing, where zod copies the body: 10-28x the time (tests/bench/chat-schema.ts).

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isPosInt = (v: unknown): boolean => isInt(v) && v > 0;
const nullish = (v: unknown, ok: (v: unknown) => boolean): boolean => v === undefined || v === null || ok(v);
const optional = (v: unknown, ok: (v: unknown) => boolean): boolean => v === undefined || ok(v);
const isBool = (v: unknown): boolean => typeof v === 'boolean';
const TOOL_CHOICES = new Set(['auto', 'none', 'required', 'any']);

function everyItem(v: unknown, ok: (item: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!ok(v[i])) return false;
  return true;
}

// A known part type must fit its schema in full; any other string type passes the contentPart union.
function fitsPart(p: unknown): boolean {
  if (!isObj(p) || !isStr(p.type)) return false;
  switch (p.type) {
    case 'text':
      return isStr(p.text) && fitsCacheControl(p.cache_control);
    case 'image_url':
      return fitsImageUrl(p.image_url) && fitsCacheControl(p.cache_control);
    case 'file': {
      const f = p.file;
      return isObj(f) && optional(f.file_data, isStr) && optional(f.filename, isStr) && optional(f.file_id, isStr) && fitsCacheControl(p.cache_control);
    }
    case 'refusal':
      return isStr(p.refusal) && fitsCacheControl(p.cache_control);
    default:
      return true;
  }
}
const fitsImageUrl = (u: unknown): boolean => isStr(u) || (isObj(u) && isStr(u.url) && optional(u.detail, isStr));
const fitsContent = (c: unknown): boolean => c === null || isStr(c) || everyItem(c, fitsPart);
const fitsCacheControl = (c: unknown): boolean => c === undefined || (isObj(c) && isStr(c.type) && optional(c.ttl, isStr));

function fitsToolCall(t: unknown): boolean {
  if (!isObj(t) || !isStr(t.id) || !optional(t.type, isStr)) return false;
  const f = t.function;
  return isObj(f) && isStr(f.name) && nullish(f.arguments, isStr);
}

function fitsMessage(m: unknown): boolean {
  if (!isObj(m)) return false;
  switch (m.role) {
    case 'system':
    case 'developer':
    case 'user':
      return m.content !== undefined && fitsContent(m.content) && optional(m.name, isStr);
    case 'assistant':
      return (
        optional(m.content, fitsContent) &&
        nullish(m.tool_calls, (v) => everyItem(v, fitsToolCall)) &&
        nullish(m.reasoning_content, isStr) &&
        nullish(m.refusal, isStr)
      );
    case 'tool':
      return m.content !== undefined && fitsContent(m.content) && isStr(m.tool_call_id);
    default:
      return false;
  }
}

function fitsTool(t: unknown): boolean {
  if (!isObj(t) || !optional(t.type, isStr) || !fitsCacheControl(t.cache_control)) return false;
  const f = t.function;
  return isObj(f) && isStr(f.name) && f.name.length > 0 && nullish(f.description, isStr) && nullish(f.parameters, isObj) && nullish(f.strict, isBool);
}

const fitsToolChoice = (c: unknown): boolean =>
  (isStr(c) && TOOL_CHOICES.has(c)) || (isObj(c) && isStr(c.type) && isObj(c.function) && isStr(c.function.name));

function fitsResponseFormat(f: unknown): boolean {
  if (!isObj(f)) return false;
  if (f.type === 'text' || f.type === 'json_object') return true;
  if (f.type !== 'json_schema') return false;
  const j = f.json_schema;
  return isObj(j) && isStr(j.name) && j.name.length > 0 && nullish(j.description, isStr) && nullish(j.schema, isObj) && nullish(j.strict, isBool);
}

/** True when `body` certainly passes chatCompletionRequest (see above); false says nothing. */
export function fitsChatRequest(body: unknown): boolean {
  if (!isObj(body)) return false;
  const b = body;
  return (
    optional(b.model, (v) => isStr(v) && v.length <= MAX_MODEL_NAME) &&
    Array.isArray(b.messages) &&
    b.messages.length > 0 &&
    everyItem(b.messages, fitsMessage) &&
    nullish(b.max_tokens, isPosInt) &&
    nullish(b.max_completion_tokens, isPosInt) &&
    nullish(b.temperature, (v) => isNum(v) && v >= 0 && v <= 2) &&
    nullish(b.top_p, (v) => isNum(v) && v >= 0 && v <= 1) &&
    nullish(b.stop, (v) => isStr(v) || everyItem(v, isStr)) &&
    nullish(b.n, isInt) &&
    nullish(b.tools, (v) => everyItem(v, fitsTool)) &&
    nullish(b.tool_choice, fitsToolChoice) &&
    nullish(b.parallel_tool_calls, isBool) &&
    nullish(b.user, isStr) &&
    nullish(b.stream, isBool) &&
    nullish(b.stream_options, (v) => isObj(v) && nullish(v.include_usage, isBool)) &&
    nullish(b.reasoning_effort, isStr) &&
    nullish(b.thinking, (v) => isObj(v) && isStr(v.type) && optional(v.budget_tokens, isPosInt)) &&
    nullish(b.response_format, fitsResponseFormat)
  );
}
