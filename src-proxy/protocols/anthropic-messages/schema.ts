import { z } from 'zod';
import { ProxyError } from '../../errors';
import { deepestIssue, modelName } from '../schema-issues';

// The Anthropic Messages request, as far as Outcrop reads it. Every field Outcrop uses is
// validated; objects are loose, so fields it does not know (new API features, client extensions)
// are tolerated, never fatal. https://docs.anthropic.com/en/api/messages

const cacheControl = z.looseObject({ type: z.string(), ttl: z.string().optional() }).nullish();

const base64Source = z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() });
const urlSource = z.looseObject({ type: z.literal('url'), url: z.string() });
const textSource = z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() });

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });
const imageBlock = z.looseObject({ type: z.literal('image'), source: z.discriminatedUnion('type', [base64Source, urlSource]), cache_control: cacheControl });
const documentBlock = z.looseObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [base64Source, textSource, urlSource]),
  title: z.string().nullish(),
  cache_control: cacheControl,
});
const toolUseBlock = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown(), cache_control: cacheControl });
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});
const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const contentBlock = z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock]);

const message = z.looseObject({
  // Claude Code puts a role "system" entry inside messages; it joins the system prompt.
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const tool = z.looseObject({
  // Absent or "custom" for client tools; server tools (web_search_20250305, bash_…) name a type.
  type: z.string().nullish(),
  name: z.string().min(1),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
  cache_control: cacheControl,
  defer_loading: z.boolean().nullish(),
});

const toolChoice = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().optional(),
  disable_parallel_tool_use: z.boolean().optional(),
});

const thinking = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1), display: z.string().optional() }),
  z.looseObject({ type: z.literal('adaptive'), display: z.string().optional() }),
  z.looseObject({ type: z.literal('disabled') }),
]);

export const messagesRequest = z.looseObject({
  model: modelName.optional(),
  max_tokens: z.number().int().positive(),
  messages: z.array(message),
  system: z.union([z.string(), z.array(textBlock)]).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  thinking: thinking.nullish(),
  output_config: z.looseObject({ effort: z.string().optional() }).nullish(),
  context_management: z.record(z.string(), z.unknown()).nullish(),
});

export type MessagesRequest = z.infer<typeof messagesRequest>;
export type AnthropicMessage = MessagesRequest['messages'][number];
export type AnthropicBlock = z.infer<typeof contentBlock>;
export type AnthropicTool = NonNullable<MessagesRequest['tools']>[number];

/** Formats a zod issue path as Anthropic names fields: messages.2.content.0.type. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.');
}

/** Validates a parsed JSON body; throws a 400 naming the first bad field. */
export function parseMessagesRequest(body: unknown): MessagesRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = messagesRequest.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issue = deepestIssue(result.error.issues[0]);
  const field = fieldPath(issue.path) || 'body';
  const why = issue.input === undefined ? 'Field required' : issue.message;
  throw new ProxyError('invalid_request', `${field}: ${why}`, { param: field });
}

/** The same validation for count_tokens, where max_tokens is not part of the request. */
export function parseCountTokensRequest(body: unknown): MessagesRequest {
  const withMax = body && typeof body === 'object' && !Array.isArray(body) && (body as { max_tokens?: unknown }).max_tokens === undefined ? { ...body, max_tokens: 1 } : body;
  return parseMessagesRequest(withMax);
}
