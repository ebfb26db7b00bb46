import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { embedText } from '../support/bedrock-emulator';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: h.baseURL, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

// The openai SDK asks for base64 and decodes float32: equal to the emulator's vector within float32 precision.
function expectSameVector(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expect(actual.every((x, i) => Math.abs(x - expected[i]) < 1e-6)).toBe(true);
}

describe('POST /v1/embeddings', () => {
  test('Titan v2: one call per text, in order, dimensions and token usage', async () => {
    const res = await client.embeddings.create({ model: 'titan-embed-v2', input: ['alpha', 'beta', 'gamma'], dimensions: 256 });
    expect(res.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expectSameVector(res.data[1].embedding, embedText('beta', 256));
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    const calls = h.emu.requests.filter((r) => r.operation === 'InvokeModel');
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.body.inputText).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(calls[0].modelId).toBe('amazon.titan-embed-text-v2:0');
    expect(calls[0].body.dimensions).toBe(256);
  });

  test('Cohere v3: batches of at most 96 texts, order kept', async () => {
    const input = Array.from({ length: 130 }, (_, i) => `text number ${i}`);
    const res = await client.embeddings.create({ model: 'cohere-embed-english', input });
    expect(res.data).toHaveLength(130);
    expectSameVector(res.data[129].embedding, embedText('text number 129', 1024));
    const calls = h.emu.requests.filter((r) => r.operation === 'InvokeModel');
    expect(calls.map((c) => c.body.texts.length).sort((a: number, b: number) => b - a)).toEqual([96, 34]);
    expect(calls[0].body.input_type).toBe('search_document');
  });

  test('Cohere v4 with output_dimension and an input_type from extra_body', async () => {
    const res = await client.embeddings.create({ model: 'cohere-embed-v4', input: 'query text', dimensions: 512, input_type: 'search_query' } as never);
    expect(res.data[0].embedding).toHaveLength(512);
    expect(h.emu.lastRequest('InvokeModel')!.body).toMatchObject({ output_dimension: 512, input_type: 'search_query' });
  });

  test('Nova multimodal embeddings', async () => {
    const res = await client.embeddings.create({ model: 'nova-embed', input: 'hello', dimensions: 1024 });
    expectSameVector(res.data[0].embedding, embedText('hello', 1024));
    expect(h.emu.lastRequest('InvokeModel')!.body.singleEmbeddingParams).toMatchObject({ embeddingDimension: 1024, text: { value: 'hello' } });
  });

  test('encoding_format float (the default for raw HTTP clients) gives plain numbers', async () => {
    const body = await (await h.post('/v1/embeddings', { model: 'titan-embed-v2', input: 'x', dimensions: 256 })).json();
    expect(body.data[0].embedding).toEqual(embedText('x', 256));
    expect(body).toMatchObject({ object: 'list', model: 'titan-embed-v2', data: [{ object: 'embedding', index: 0 }] });
  });

  test('encoding_format base64 gives little-endian float32 bytes', async () => {
    const res = await h.post('/v1/embeddings', { model: 'titan-embed-v2', input: 'x', encoding_format: 'base64', dimensions: 256 });
    const body = await res.json();
    const buf = Buffer.from(body.data[0].embedding, 'base64');
    expect(buf.length).toBe(256 * 4);
    expect(buf.readFloatLE(0)).toBeCloseTo(embedText('x', 256)[0], 5);
  });

  test.each([
    [{ model: 'titan-embed-v2', input: 'x', dimensions: 300 }, 400, 'dimensions'],
    [{ model: 'titan-embed-v2', input: '' }, 400, 'input'],
    [{ model: 'titan-embed-v2', input: [1, 2, 3] }, 400, 'input'],
    [{ model: 'titan-embed-v2' }, 400, 'input'],
    [{ model: 'claude-sonnet', input: 'x' }, 400, 'model'],
    [{ model: 'no-such-embedder', input: 'x' }, 404, 'model'],
  ])('%j is refused with a clear error', async (body, status, param) => {
    const res = await h.post('/v1/embeddings', body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.param).toBe(param);
  });

  test('Bedrock errors keep their meaning', async () => {
    h.emu.script({ error: { type: 'ThrottlingException', message: 'slow down' } });
    const res = await h.post('/v1/embeddings', { model: 'titan-embed-v2', input: 'x' });
    expect(res.status).toBe(429);
  });
});
