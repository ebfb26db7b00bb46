import { ProxyError } from '../errors';
import type { Capabilities } from '../models/families';

export type EmbeddingFormat = NonNullable<Capabilities['embedding']>;

export interface EmbeddingOptions {
  dimensions?: number;
  /** Cohere input_type; defaults to search_document (indexing is what RAG tools embed most). */
  inputType?: string;
  /** Nova embeddingPurpose; defaults to GENERIC_INDEX. */
  purpose?: string;
  truncate?: string;
}

/** One InvokeModel call: its JSON body and how many inputs it embeds. */
export interface EmbeddingCall {
  body: Record<string, unknown>;
  count: number;
}

// Dimensions each model accepts; Cohere v3 has a fixed size.
const DIMENSIONS: Record<EmbeddingFormat, number[]> = {
  'titan-v2': [256, 512, 1024],
  'cohere-v3': [1024],
  'cohere-v4': [256, 512, 1024, 1536],
  'nova-mm': [256, 384, 1024, 3072],
};

const COHERE_BATCH = 96;

/** Splits inputs into the InvokeModel bodies a model takes, in order (Titan and Nova: one text a call; Cohere: 96). */
export function embeddingCalls(format: EmbeddingFormat, texts: string[], opts: EmbeddingOptions): EmbeddingCall[] {
  if (opts.dimensions !== undefined && !DIMENSIONS[format].includes(opts.dimensions)) {
    throw new ProxyError('invalid_request', `'dimensions' must be one of ${DIMENSIONS[format].join(', ')} for this model (got ${opts.dimensions}).`, { param: 'dimensions' });
  }
  switch (format) {
    case 'titan-v2':
      return texts.map((inputText) => ({ body: { inputText, ...(opts.dimensions ? { dimensions: opts.dimensions } : {}), normalize: true }, count: 1 }));
    case 'nova-mm':
      return texts.map((value) => ({
        body: {
          schemaVersion: 'nova-multimodal-embed-v1',
          taskType: 'SINGLE_EMBEDDING',
          singleEmbeddingParams: {
            embeddingPurpose: opts.purpose ?? 'GENERIC_INDEX',
            ...(opts.dimensions ? { embeddingDimension: opts.dimensions } : {}),
            text: { truncationMode: opts.truncate ?? 'END', value },
          },
        },
        count: 1,
      }));
    case 'cohere-v3':
    case 'cohere-v4': {
      const calls: EmbeddingCall[] = [];
      for (let i = 0; i < texts.length; i += COHERE_BATCH) {
        const batch = texts.slice(i, i + COHERE_BATCH);
        calls.push({
          body: {
            texts: batch,
            input_type: opts.inputType ?? 'search_document',
            ...(opts.truncate ? { truncate: opts.truncate } : {}),
            ...(format === 'cohere-v4' && opts.dimensions ? { output_dimension: opts.dimensions } : {}),
          },
          count: batch.length,
        });
      }
      return calls;
    }
  }
}

/** The vectors (and token count, where the model reports one) of an InvokeModel embedding response. */
export function parseEmbeddingResponse(format: EmbeddingFormat, json: unknown): { vectors: number[][]; tokens?: number } {
  const body = json as Record<string, unknown>;
  if (format === 'titan-v2') {
    const vector = (body.embedding ?? (body.embeddingsByType as { float?: number[] } | undefined)?.float) as number[] | undefined;
    if (!Array.isArray(vector)) throw malformed(format);
    return { vectors: [vector], tokens: typeof body.inputTextTokenCount === 'number' ? body.inputTextTokenCount : undefined };
  }
  if (format === 'nova-mm') {
    const list = body.embeddings as Array<{ embedding?: number[] }> | undefined;
    if (!Array.isArray(list) || !Array.isArray(list[0]?.embedding)) throw malformed(format);
    return { vectors: list.map((e) => e.embedding!) };
  }
  // Cohere: a list of float vectors, or {float: [...]} when answered "by type".
  const embeddings = body.embeddings;
  const vectors = Array.isArray(embeddings) ? embeddings : (embeddings as { float?: number[][] } | undefined)?.float;
  if (!Array.isArray(vectors)) throw malformed(format);
  return { vectors: vectors as number[][] };
}

/** OpenAI's base64 encoding: little-endian float32 bytes. */
export function toBase64Floats(vector: number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}

function malformed(format: string): ProxyError {
  return new ProxyError('bedrock_model_error', `Bedrock answered the ${format} embedding request with an unexpected body.`);
}
