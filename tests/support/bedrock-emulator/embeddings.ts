// Default InvokeModel answers for embedding models: deterministic vectors seeded by the text,
// request checks worded like Bedrock's JSON-schema errors.
import { randomUUID } from 'node:crypto';
import { BedrockError } from './errors';

function malformed(detail: string): BedrockError {
  return new BedrockError('ValidationException', `Malformed input request: ${detail}, please reformat your input and try again.`);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Unit-length vector of `dims` floats, the same for the same text and size. */
export function embedText(text: string, dims: number): number[] {
  let seed = fnv1a(text) || 1;
  const v = new Array<number>(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const x = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    v[i] = x;
    norm += x * x;
  }
  const scale = 1 / Math.sqrt(norm || 1);
  for (let i = 0; i < dims; i++) v[i] = Math.round(v[i] * scale * 1e6) / 1e6;
  return v;
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function oneOf(value: unknown, allowed: number[], path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !allowed.includes(value)) throw malformed(`#/${path}: ${JSON.stringify(value)} is not a valid enum value`);
  return value;
}

function titan(body: any): unknown {
  if (typeof body.inputText !== 'string') throw malformed('#: required key [inputText] not found');
  if (body.inputText.length === 0) throw malformed('#/inputText: expected minLength: 1, actual: 0');
  const dims = oneOf(body.dimensions, [256, 512, 1024], 'dimensions', 1024);
  return { embedding: embedText(body.inputText, dims), inputTextTokenCount: tokens(body.inputText) };
}

const COHERE_TYPES = ['float', 'int8', 'uint8', 'binary', 'ubinary'];

function typed(vec: number[], type: string): number[] {
  switch (type) {
    case 'int8':
      return vec.map((x) => Math.max(-128, Math.min(127, Math.round(x * 127 * 8))));
    case 'uint8':
      return vec.map((x) => Math.max(0, Math.min(255, Math.round(x * 127 * 8 + 128))));
    case 'binary':
    case 'ubinary': {
      const out: number[] = [];
      for (let i = 0; i < vec.length; i += 8) {
        let byte = 0;
        for (let b = 0; b < 8; b++) byte = (byte << 1) | (vec[i + b] > 0 ? 1 : 0);
        out.push(type === 'binary' ? byte - 128 : byte);
      }
      return out;
    }
    default:
      return vec;
  }
}

function cohere(body: any, v4: boolean): unknown {
  if (!Array.isArray(body.texts)) throw malformed('#: required key [texts] not found');
  if (body.texts.length > 96) throw malformed(`#/texts: expected maximum item count: 96, found: ${body.texts.length}`);
  if (body.texts.some((t: unknown) => typeof t !== 'string')) throw malformed('#/texts: expected type: String');
  if (body.input_type === undefined) throw malformed('#: required key [input_type] not found');
  if (!['search_document', 'search_query', 'classification', 'clustering'].includes(body.input_type)) {
    throw malformed(`#/input_type: ${body.input_type} is not a valid enum value`);
  }
  const dims = v4 ? oneOf(body.output_dimension, [256, 512, 1024, 1536], 'output_dimension', 1536) : 1024;
  const texts: string[] = body.texts;
  const vectors = texts.map((t) => embedText(t, dims));
  const id = randomUUID();
  const types = body.embedding_types;
  if (types === undefined) return { embeddings: vectors, id, response_type: 'embeddings_floats', texts };
  if (!Array.isArray(types) || types.some((t) => !COHERE_TYPES.includes(t))) {
    throw malformed(`#/embedding_types: ${JSON.stringify(types)} is not a valid enum value`);
  }
  const byType: Record<string, number[][]> = {};
  for (const t of types) byType[t] = vectors.map((v) => typed(v, t));
  return { embeddings: byType, id, response_type: 'embeddings_by_type', texts };
}

function nova(body: any): unknown {
  if (body.schemaVersion !== 'nova-multimodal-embed-v1') throw malformed('#/schemaVersion: expected nova-multimodal-embed-v1');
  if (body.taskType !== 'SINGLE_EMBEDDING') throw malformed(`#/taskType: ${body.taskType} is not a valid enum value`);
  const params = body.singleEmbeddingParams;
  if (!params || typeof params !== 'object') throw malformed('#: required key [singleEmbeddingParams] not found');
  const dims = oneOf(params.embeddingDimension, [256, 384, 1024, 3072], 'singleEmbeddingParams/embeddingDimension', 3072);
  const text = params.text?.value;
  if (typeof text !== 'string' || !text) throw malformed('#/singleEmbeddingParams: required key [text] not found');
  return { embeddings: [{ embeddingType: 'TEXT', embedding: embedText(text, dims) }] };
}

/** True when the model id names an embedding model the emulator knows how to answer. */
export function isEmbeddingModel(modelId: string): boolean {
  return /titan-embed|cohere\.embed|nova.*embed/.test(modelId);
}

/** Default InvokeModel body for an embedding model; throws BedrockError for bodies Bedrock refuses. */
export function embeddingResponse(modelId: string, body: any): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw malformed('#: expected type: JSONObject');
  if (modelId.includes('titan-embed')) return titan(body);
  if (modelId.includes('cohere.embed-v4')) return cohere(body, true);
  if (modelId.includes('cohere.embed')) return cohere(body, false);
  if (/nova.*embed/.test(modelId)) return nova(body);
  throw new BedrockError('ValidationException', `The provided model identifier is invalid.`);
}
