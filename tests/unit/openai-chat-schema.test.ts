import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../src-proxy/errors';
import { chatCompletionRequest, fitsChatRequest, paramName, parseChatRequest } from '../../src-proxy/protocols/openai-chat/schema';
import { chatBody } from '../bench/workload';
import { mutants, samples, schemaPaths } from '../support/schema-mutants';

function rejected(body: unknown): ProxyError {
  try {
    parseChatRequest(body);
  } catch (err) {
    expect(err).toBeInstanceOf(ProxyError);
    return err as ProxyError;
  }
  throw new Error('expected the body to be rejected');
}

const hi = [{ role: 'user', content: 'hi' }];

describe('parseChatRequest: what clients send', () => {
  it('accepts a Cline-style streaming request with tools, usage and reasoning_effort', () => {
    const body = {
      model: 'claude-sonnet',
      messages: [
        { role: 'system', content: 'You are Cline.' },
        { role: 'user', content: [{ type: 'text', text: 'Fix the bug' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'file body' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'read_file', description: 'Read', parameters: { type: 'object' }, strict: true } }],
      tool_choice: 'auto',
      max_tokens: 8192,
      temperature: 0,
      reasoning_effort: 'high',
    };
    const req = parseChatRequest(body);
    expect(req.stream_options?.include_usage).toBe(true);
    expect(req.messages).toHaveLength(4);
    expect(req.tools?.[0].function.name).toBe('read_file');
    expect(req.reasoning_effort).toBe('high');
  });

  it('keeps unknown fields instead of failing (clients add extensions all the time)', () => {
    const req = parseChatRequest({ messages: [{ role: 'user', content: 'hi', x_client: 1 }], metadata: { a: 1 }, guardrailConfig: { guardrailIdentifier: 'g' } }) as Record<string, unknown>;
    expect(req.metadata).toEqual({ a: 1 });
    expect(req.guardrailConfig).toEqual({ guardrailIdentifier: 'g' });
    expect((req.messages as Array<Record<string, unknown>>)[0].x_client).toBe(1);
  });

  it('accepts the developer role, Anthropic-style cache_control, tool_choice objects, thinking and null options', () => {
    const req = parseChatRequest({
      messages: [{ role: 'developer', content: [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral', ttl: '1h' } }] }, ...hi],
      tool_choice: { type: 'function', function: { name: 'x' } },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      max_tokens: null,
      temperature: null,
      stop: null,
      tools: null,
    });
    expect(req.messages[0].role).toBe('developer');
    expect(req.tool_choice).toEqual({ type: 'function', function: { name: 'x' } });
    expect(req.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('accepts an assistant message without content and a tool call with null arguments', () => {
    const req = parseChatRequest({ messages: [...hi, { role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'f', arguments: null } }] }] });
    expect(req.messages[1]).toMatchObject({ role: 'assistant' });
  });
});

describe('parseChatRequest: errors name the bad field', () => {
  it('refuses a body that is not a JSON object', () => {
    for (const body of [null, 'text', 42, [hi]]) {
      expect(rejected(body)).toMatchObject({ code: 'invalid_request', status: 400, message: 'The request body must be a JSON object.' });
    }
  });

  it('says a required field is missing', () => {
    expect(rejected({ model: 'x' })).toMatchObject({ param: 'messages', message: "Invalid value for 'messages': this field is required." });
    expect(rejected({ messages: [{ role: 'tool', content: 'x' }] })).toMatchObject({ param: 'messages[0].tool_call_id', message: "Invalid value for 'messages[0].tool_call_id': this field is required." });
    expect(rejected({ messages: [{ role: 'user' }] })).toMatchObject({ param: 'messages[0].content', message: "Invalid value for 'messages[0].content': this field is required." });
  });

  it('does not call a present field of the wrong type "required"', () => {
    const wrongType = rejected({ messages: 'hi' });
    expect(wrongType.param).toBe('messages');
    expect(wrongType.message).not.toContain('required');
    expect(wrongType.message).toContain('expected array');
    const temp = rejected({ messages: hi, temperature: 'hot' });
    expect(temp.param).toBe('temperature');
    expect(temp.message).not.toContain('required');
  });

  it('names the allowed roles for an unknown role', () => {
    expect(rejected({ messages: [...hi, { role: 'function', content: 'x' }] })).toMatchObject({
      param: 'messages[1].role',
      message: "Invalid value for 'messages[1].role': expected one of 'system', 'developer', 'user', 'assistant' or 'tool'.",
    });
  });

  it('checks ranges and enums', () => {
    expect(rejected({ messages: hi, max_tokens: 0 }).param).toBe('max_tokens');
    expect(rejected({ messages: hi, temperature: 2.5 }).param).toBe('temperature');
    expect(rejected({ messages: hi, top_p: 1.5 }).param).toBe('top_p');
    expect(rejected({ messages: hi, tool_choice: 'sometimes' }).param).toBe('tool_choice');
    expect(rejected({ messages: [] }).param).toBe('messages');
    expect(rejected({ messages: hi, tools: [{ type: 'function', function: { name: '' } }] }).param).toBe('tools[0].function.name');
    expect(rejected({ messages: hi, tool_choice: 'sometimes' }).param).toBe('tool_choice');
    // Bedrock's own limit on a model id; longer names would be matched against the catalogue at length.
    expect(parseChatRequest({ model: 'm'.repeat(2048), messages: hi }).model).toHaveLength(2048);
    expect(rejected({ model: 'm'.repeat(2049), messages: hi })).toMatchObject({ param: 'model', message: expect.stringContaining('Too big') });
  });
});

describe('parseChatRequest: content parts of a known type are checked in full', () => {
  const turns = (content: unknown) => [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hi' }, { role: 'user', content }];
  it.each([
    [[{ type: 'text', text: 5 }], 'messages[2].content[0].text', 'expected string, received number'],
    [[{ type: 'text' }], 'messages[2].content[0].text', 'required'],
    [[{ type: 'text', text: 'ok' }, null], 'messages[2].content[1]', 'expected object, received null'],
    [[{ type: 'image_url', image_url: 5 }], 'messages[2].content[0].image_url', 'expected string'],
    [[{ type: 'image_url', image_url: { url: { href: 'x' } } }], 'messages[2].content[0].image_url.url', 'expected string, received object'],
    [[{ type: 'image_url', image_url: [] }], 'messages[2].content[0].image_url', 'expected string'],
    [[{ type: 'file', file: 'data:application/pdf;base64,AAAA' }], 'messages[2].content[0].file', 'expected object'],
    [[{ type: 'file', file: { file_data: 7 } }], 'messages[2].content[0].file.file_data', 'expected string'],
    [[{ type: 'refusal', refusal: 5 }], 'messages[2].content[0].refusal', 'expected string'],
    [[{ type: 'text', text: 'ok', cache_control: 'ephemeral' }], 'messages[2].content[0].cache_control', 'expected object'],
    [[{ type: 5 }], 'messages[2].content[0].type', 'expected string'],
  ])('%j is refused naming %s', (content, param, words) => {
    const err = rejected({ messages: turns(content) });
    expect(err).toMatchObject({ code: 'invalid_request', status: 400, param });
    expect(err.message).toContain(`Invalid value for '${param}'`);
    expect(err.message).toContain(words);
  });

  it('names the field inside a tool message and an assistant message too', () => {
    expect(rejected({ messages: [...hi, { role: 'assistant', content: [{ type: 'text', text: ['a'] }] }] }).param).toBe('messages[1].content[0].text');
    expect(rejected({ messages: [...hi, { role: 'tool', tool_call_id: 'c', content: [{ type: 'image_url', image_url: { url: null } }] }] }).param).toBe('messages[1].content[0].image_url.url');
  });

  it('still takes parts of types it does not know (the translation refuses or ignores them by name)', () => {
    const body = { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x' } }] }] };
    expect(parseChatRequest(body)).toBe(body);
  });
});

describe('paramName', () => {
  it('formats zod paths the way OpenAI names params', () => {
    expect(paramName(['messages', 2, 'content', 0, 'text'])).toBe('messages[2].content[0].text');
    expect(paramName(['model'])).toBe('model');
    expect(paramName([])).toBe('');
  });
});

// The fast path (fitsChatRequest) must take exactly what zod takes, for every field the schema
// has: the mutants are derived from the zod schema itself (tests/support/schema-mutants.ts), so a
// field added to zod and not to the fast path, or a check left out of the fast path, fails here.
// The 400 always comes from zod (the fast path only says yes or "ask zod"); it must name the field
// that was broken.
describe('fitsChatRequest: the fast path agrees with the schema', () => {
  // What clients really send, besides the samples derived from the schema.
  const fixtures: unknown[] = [
    chatBody(false),
    chatBody(true),
    { model: 'm', messages: [{ role: 'developer', content: [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral', ttl: '1h' } }] }, { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } }, { type: 'file', file: { file_data: 'x', filename: 'a.pdf' } }] }], tool_choice: { type: 'function', function: { name: 'x' } }, thinking: { type: 'enabled', budget_tokens: 2048 }, stop: ['a', 'b'], n: 1, user: 'u', parallel_tool_calls: false, top_p: 0.5, max_completion_tokens: 10, reasoning_effort: 'low', prompt_caching: { tools: true } },
    { messages: [{ role: 'user', content: 'hi', name: 'n' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c', function: { name: 'f', arguments: null } }], reasoning_content: 'r', refusal: null }, { role: 'tool', tool_call_id: 'c', content: [] }], max_tokens: null, temperature: null, stop: null, tools: null, stream_options: null, tool_choice: 'required' },
    { messages: [{ role: 'system', content: null }, { role: 'assistant' }], tools: [{ type: 'function', function: { name: 'f', description: null, parameters: {}, strict: true }, cache_control: { type: 'ephemeral' } }], extra: { anything: [1, 2] } },
    // Every part type: the known ones strict (refusal, a string image_url, a file id), an unknown one loose.
    { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: 'https://example.com/a.png', cache_control: { type: 'ephemeral' } }, { type: 'file', file: { file_id: 'f1' } }, { type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }, { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }, { type: 'text', text: 'ok' }] }, { role: 'tool', tool_call_id: 'c', content: [{ type: 'text', text: 'r' }] }] },
  ];
  const derived = samples(chatCompletionRequest);

  it('takes every valid fixture and every sample derived from the schema, and returns it untouched', () => {
    expect(derived.length).toBeGreaterThan(10);
    for (const body of [...fixtures, ...derived]) {
      expect(fitsChatRequest(body)).toBe(true);
      expect(chatCompletionRequest.safeParse(body).success).toBe(true);
      expect(parseChatRequest(body)).toBe(body);
    }
  });

  it('agrees with zod on every mutant of every field of the schema', { timeout: 60_000 }, () => {
    const visited = new Set<string>();
    const seen = new Set<string>();
    const disagreements: string[] = [];
    const misnamed: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (const body of [...derived, ...fixtures]) {
      for (const m of mutants(body, chatCompletionRequest, { visit: (p) => visited.add(p), seen })) {
        const fits = fitsChatRequest(m.body);
        const zod = chatCompletionRequest.safeParse(m.body);
        const what = `${paramName(m.path)} = ${m.value === undefined ? '(removed)' : JSON.stringify(m.value).slice(0, 60)}`;
        if (fits !== zod.success) disagreements.push(`${what}: fast path ${fits ? 'accepts' : 'refuses'}, zod ${zod.success ? 'accepts' : 'refuses'}`);
        if (zod.success) {
          accepted++;
          // Nothing in the schema transforms: taking the body as it is gives what zod would.
          if (fits && !isDeepStrictEqual(zod.data, m.body)) disagreements.push(`${what}: zod changes the body`);
          continue;
        }
        refused++;
        if (fits) continue;
        const param = rejected(m.body).param ?? '';
        const field = paramName(m.path);
        // The broken field or one inside it; a changed role or part type may instead ask for a
        // field the new one requires, next to it.
        const sibling = typeof m.value === 'string' && param.startsWith(paramName(m.path.slice(0, -1)));
        if (param !== field && !param.startsWith(`${field}.`) && !param.startsWith(`${field}[`) && !sibling) misnamed.push(`${what}: the 400 names '${param}'`);
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(misnamed.slice(0, 20)).toEqual([]);
    // Every field of the schema was mutated, and both outcomes happen a lot (the test is not vacuous).
    expect([...schemaPaths(chatCompletionRequest)].filter((p) => !visited.has(p))).toEqual([]);
    expect(accepted).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(2000);
  });

  it('leaves the exact error messages to zod', () => {
    expect(rejected({ messages: hi, temperature: 'hot' }).param).toBe('temperature');
    expect(rejected({ messages: [{ role: 'user', content: [{ text: 'no type' }] }] }).param).toBe('messages[0].content[0].type');
  });
});
