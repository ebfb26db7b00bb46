import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// response_format on chat completions, as a program built on the openai package uses it
// (create with json_schema / json_object, and the SDK's parse helper): the answer is the JSON in
// message.content whichever way Bedrock was asked for it.
let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: h.baseURL, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emu.reset();
  h.log.length = 0;
});

const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
const format = { type: 'json_schema' as const, json_schema: { name: 'answer', description: 'The city', schema, strict: true } };
const ask = [{ role: 'user' as const, content: 'Capital of France?' }];

describe('response_format json_schema', () => {
  test('Claude 4.5+: native structured output (outputConfig.textFormat); parse() gives the object', async () => {
    h.emu.script({ text: '{"city":"Paris"}' });
    const res = await client.chat.completions.parse({ model: 'claude-sonnet-4-5', messages: ask, response_format: format });
    expect(res.choices[0].message.parsed).toEqual({ city: 'Paris' });
    expect(res.choices[0].finish_reason).toBe('stop');
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.outputConfig.textFormat).toEqual({ type: 'json_schema', structure: { jsonSchema: { name: 'answer', description: 'The city', schema: JSON.stringify(schema) } } });
    expect(sent.toolConfig).toBeUndefined();
  });

  test('a model without native structured output: a forced tool, its input as the content, finish_reason stop', async () => {
    h.emu.script({ content: [{ toolUse: { name: 'json_answer', input: { city: 'Paris' } } }] });
    const res = await client.chat.completions.create({ model: 'nova-pro', messages: ask, response_format: format });
    const choice = res.choices[0];
    expect(JSON.parse(choice.message.content!)).toEqual({ city: 'Paris' });
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.finish_reason).toBe('stop');
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.toolConfig.toolChoice).toEqual({ tool: { name: 'json_answer' } });
    expect(sent.toolConfig.tools[0].toolSpec.inputSchema.json).toMatchObject({ properties: { city: { type: 'string' } } });
    expect(h.log.at(-1)!.notes).toEqual([expect.stringContaining('forced through a tool')]);
  });

  test('streamed through a forced tool: content deltas that join to the JSON, no tool_calls, finish_reason stop', async () => {
    h.emu.script({ content: [{ toolUse: { name: 'json_answer', input: { city: 'Paris' } } }], chunkSize: 4 });
    const stream = await client.chat.completions.create({ model: 'nova-pro', messages: ask, response_format: format, stream: true });
    let text = '';
    const finishes: string[] = [];
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      if (!c) continue;
      expect(c.delta.tool_calls).toBeUndefined();
      text += c.delta.content ?? '';
      if (c.finish_reason) finishes.push(c.finish_reason);
    }
    expect(JSON.parse(text)).toEqual({ city: 'Paris' });
    expect(finishes).toEqual(['stop']);
  });
});

describe('response_format json_object', () => {
  test('without a schema: a forced tool on a model that takes tools, the content is a JSON object', async () => {
    h.emu.script({ content: [{ toolUse: { name: 'json_answer', input: { answer: 42 } } }] });
    const res = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: ask, response_format: { type: 'json_object' } });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ answer: 42 });
    expect(h.emu.lastRequest('Converse')!.body.toolConfig.toolChoice).toEqual({ tool: { name: 'json_answer' } });
  });

  test('with tools of its own: asked for in the system prompt, the tools untouched, the log says so', async () => {
    h.emu.script({ text: '{"answer":42}' });
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const res = await client.chat.completions.create({ model: 'nova-pro', messages: ask, tools, response_format: { type: 'json_object' } });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ answer: 42 });
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.toolConfig.tools.map((t: { toolSpec: { name: string } }) => t.toolSpec.name)).toEqual(['lookup']);
    expect(JSON.stringify(sent.system)).toContain('Answer with one JSON object only');
    expect(h.log.at(-1)!.notes).toEqual([expect.stringContaining('the request has tools of its own')]);
  });

  test("type 'text' changes nothing", async () => {
    h.emu.script({ text: 'Paris.' });
    const res = await client.chat.completions.create({ model: 'nova-pro', messages: ask, response_format: { type: 'text' } });
    expect(res.choices[0].message.content).toBe('Paris.');
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.toolConfig).toBeUndefined();
    expect(sent.outputConfig).toBeUndefined();
  });
});

describe('bad response_format', () => {
  test.each([
    [{ type: 'json_schema' }, 'response_format.json_schema'],
    [{ type: 'json_schema', json_schema: { schema } }, 'response_format.json_schema.name'],
    [{ type: 'json_schema', json_schema: { name: 'a', schema: 'object' } }, 'response_format.json_schema.schema'],
    [{ type: 'yaml' }, 'response_format.type'],
  ])('%j: a 400 naming %s', async (response_format, param) => {
    const err = await client.chat.completions.create({ model: 'nova-pro', messages: ask, response_format: response_format as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
    expect(h.emu.requests.length).toBe(0);
  });
});
