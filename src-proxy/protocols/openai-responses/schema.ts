import { z } from 'zod';
import { ProxyError } from '../../errors';
import { deepestIssue, describeIssue, modelName, paramName, typedUnion } from '../schema-issues';

// The OpenAI Responses request, as far as Outcrop reads it. Objects are loose: unknown fields
// (client_metadata, x-codex extensions, newer API fields) are ignored, never fatal. Parts, items
// and tools of a known type are checked in full; other types pass as {type} for the translation
// to refuse (parts, item_reference) or leave out (hosted tools and their items) by name.

const inputText = z.looseObject({ type: z.enum(['input_text', 'output_text', 'text']), text: z.string() });
const inputImage = z.looseObject({ type: z.literal('input_image'), image_url: z.string().nullish(), file_id: z.string().nullish(), detail: z.string().nullish() });
const inputFile = z.looseObject({ type: z.literal('input_file'), file_data: z.string().nullish(), filename: z.string().nullish(), file_id: z.string().nullish(), file_url: z.string().nullish() });
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
export const contentPart = typedUnion([inputText, inputImage, inputFile, refusal]);
export type ContentPart = z.infer<typeof contentPart>;

const message = z.looseObject({
  type: z.literal('message').optional(),
  id: z.string().nullish(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPart)]),
  status: z.string().nullish(),
});
const functionCall = z.looseObject({
  type: z.literal('function_call'),
  id: z.string().nullish(),
  call_id: z.string(),
  name: z.string(),
  namespace: z.string().nullish(),
  arguments: z.string().nullish(),
});
const functionCallOutput = z.looseObject({
  type: z.literal('function_call_output'),
  id: z.string().nullish(),
  call_id: z.string(),
  output: z.union([z.string(), z.array(contentPart)]),
});
const customToolCall = z.looseObject({ type: z.literal('custom_tool_call'), id: z.string().nullish(), call_id: z.string(), name: z.string(), namespace: z.string().nullish(), input: z.string() });
const customToolCallOutput = z.looseObject({ type: z.literal('custom_tool_call_output'), id: z.string().nullish(), call_id: z.string(), output: z.union([z.string(), z.array(contentPart)]) });
const reasoning = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});
const itemReference = z.looseObject({ type: z.literal('item_reference'), id: z.string() });

// An item without a type is a message.
export const inputItem = typedUnion([message, functionCall, functionCallOutput, customToolCall, customToolCallOutput, reasoning, itemReference]);
export type InputItem = z.infer<typeof inputItem>;
export type MessageItem = z.infer<typeof message>;
export type FunctionCallItem = z.infer<typeof functionCall>;
export type ReasoningItem = z.infer<typeof reasoning>;

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
const customFormat = z.looseObject({ type: z.string(), syntax: z.string().nullish(), definition: z.string().nullish() });
const customTool = z.looseObject({ type: z.literal('custom'), name: z.string().min(1), description: z.string().nullish(), format: customFormat.nullish() });
const namespaceTool = z.looseObject({ type: z.literal('namespace'), name: z.string().min(1), description: z.string().nullish(), tools: z.array(typedUnion([functionTool, customTool])) });
export const tool = typedUnion([functionTool, customTool, namespaceTool]);
export type FunctionTool = z.infer<typeof functionTool>;
export type CustomTool = z.infer<typeof customTool>;
export type NamespaceTool = z.infer<typeof namespaceTool>;
export type ResponsesTool = z.infer<typeof tool>;

const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.string(), name: z.string().optional(), namespace: z.string().optional() }),
]);
export type ToolChoice = z.infer<typeof toolChoice>;

const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({ type: z.literal('json_schema'), name: z.string().optional(), schema: z.record(z.string(), z.unknown()), description: z.string().nullish(), strict: z.boolean().nullish() }),
]);
export type TextFormat = z.infer<typeof textFormat>;

export const responsesRequest = z.looseObject({
  model: modelName.optional(),
  input: z.union([z.string(), z.array(inputItem)]).optional(),
  instructions: z.string().nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  text: z.looseObject({ format: textFormat.optional(), verbosity: z.string().nullish() }).nullish(),
  prompt_cache_key: z.string().nullish(),
  previous_response_id: z.string().nullish(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  include: z.array(z.string()).nullish(),
  truncation: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  user: z.string().nullish(),
  service_tier: z.string().nullish(),
});
export type ResponsesRequest = z.infer<typeof responsesRequest>;

/** Validates a Responses request body; a schema failure is a 400 naming the first bad field. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ProxyError('invalid_request', 'The request body must be a JSON object with model and input.');
  const parsed = responsesRequest.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const issue = deepestIssue(parsed.error.issues[0]);
    const param = paramName(issue.path) || 'body';
    throw new ProxyError('invalid_request', `Invalid value for '${param}': ${describeIssue(issue)}`, { param });
  }
  if (parsed.data.input === undefined && !parsed.data.previous_response_id) {
    throw new ProxyError('invalid_request', "'input' is required (a string or a list of items).", { param: 'input' });
  }
  return parsed.data;
}
