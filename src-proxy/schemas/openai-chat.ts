import { z } from 'zod';
import { ProxyError } from '../errors';

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
const otherPart = z.looseObject({ type: z.string() });

export const contentPart = z.union([textPart, imagePart, filePart, otherPart]);
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

export const chatCompletionRequest = z.looseObject({
  model: z.string().optional(),
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
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
export type ChatMessage = ChatCompletionRequest['messages'][number];
export type ContentPart = z.infer<typeof contentPart>;
export type ChatTool = z.infer<typeof tool>;
export type ChatToolChoice = z.infer<typeof toolChoice>;

/** Formats a zod issue path the way OpenAI names params: messages[2].content. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Validates a parsed JSON body; throws a 400 ProxyError naming the first bad field. */
export function parseChatRequest(body: unknown): ChatCompletionRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = chatCompletionRequest.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issue = pickIssue(result.error.issues);
  const param = paramName(issue.path);
  throw new ProxyError('invalid_request', `Invalid value for '${param || 'body'}': ${describeIssue(issue)}`, { param: param || null });
}

// A discriminated-union failure on "role" is the most useful message; otherwise the first issue.
function pickIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  return issues.find((i) => i.path.at(-1) === 'role') ?? issues[0];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'role') {
    return "expected one of 'system', 'developer', 'user', 'assistant' or 'tool'.";
  }
  // issue.input is only set because parseChatRequest asks zod to report it.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return 'this field is required.';
  return `${issue.message}.`;
}
