import { z } from 'zod';
import { ProxyError } from '../../errors';
import { deepestIssue, describeIssue, modelName, paramName } from '../schema-issues';

// The OpenAI Embeddings request. Loose: unknown fields are ignored; Bedrock-specific extras
// (input_type for Cohere, embedding_purpose for Nova) come through extra_body. An input list holds
// at most 2,048 entries, OpenAI's own limit: Titan and Nova take one text per Bedrock call.
export const MAX_EMBEDDING_INPUTS = 2048;
const inputList = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_EMBEDDING_INPUTS);

export const embeddingsRequest = z.looseObject({
  model: modelName.min(1),
  input: z.union([z.string(), inputList(z.string()), inputList(z.number()), inputList(z.array(z.number()))]),
  dimensions: z.number().int().positive().nullish(),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  user: z.string().nullish(),
  input_type: z.enum(['search_document', 'search_query', 'classification', 'clustering']).nullish(),
  embedding_purpose: z.string().nullish(),
  truncate: z.string().nullish(),
});

export type EmbeddingsRequest = z.infer<typeof embeddingsRequest>;

/** Validates an embeddings body; throws a 400 naming the field. Token-array inputs are refused (Bedrock takes text). */
export function parseEmbeddingsRequest(body: unknown): EmbeddingsRequest & { input: string | string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  const result = embeddingsRequest.safeParse(body, { reportInput: true });
  if (!result.success) {
    const issue = deepestIssue(result.error.issues[0]);
    const param = paramName(issue.path) || 'body';
    throw new ProxyError('invalid_request', `Invalid value for '${param}': ${describeIssue(issue)}`, { param });
  }
  const input = result.data.input;
  if (Array.isArray(input) && input.some((x) => typeof x !== 'string')) {
    throw new ProxyError('unsupported_parameter', "'input' holds token ids; Bedrock embedding models take text. Send strings.", { param: 'input' });
  }
  const texts = typeof input === 'string' ? [input] : (input as string[]);
  texts.forEach((t, i) => {
    if (t.trim() === '') throw new ProxyError('invalid_request', `'input${typeof input === 'string' ? '' : `[${i}]`}' is empty; every input must hold text.`, { param: typeof input === 'string' ? 'input' : `input[${i}]` });
  });
  return result.data as EmbeddingsRequest & { input: string | string[] };
}
