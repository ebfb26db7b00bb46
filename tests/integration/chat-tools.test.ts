import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { readSse, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

const weatherTool = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const timeTool = { type: 'function', function: { name: 'get_time', description: '', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } };

type Chunk = { choices: Array<{ delta: { content?: string; tool_calls?: Array<{ index: number; id?: string; type?: string; function: { name?: string; arguments: string } }> }; finish_reason: string | null }> };

function collectToolCalls(chunks: Chunk[]) {
  const calls: Array<{ id?: string; name?: string; args: string; firstDeltaKeys: string[] }> = [];
  for (const c of chunks) {
    for (const tc of c.choices[0]?.delta.tool_calls ?? []) {
      if (!calls[tc.index]) calls[tc.index] = { id: tc.id, name: tc.function.name, args: '', firstDeltaKeys: Object.keys(tc) };
      else {
        expect(tc.id).toBeUndefined();
        expect(tc.function.name).toBeUndefined();
        expect(tc.type).toBeUndefined();
      }
      calls[tc.index].args += tc.function.arguments;
    }
  }
  return calls;
}

describe('tool calls', () => {
  test('parallel streamed tool calls have a dense 0-based index and id/name on the first delta only (rules 1, 13)', async () => {
    h.emu.script({
      content: [
        { text: 'Let me check.' },
        { toolUse: { toolUseId: 'tooluse_A', name: 'get_weather', input: { city: 'Paris' } } },
        { toolUse: { toolUseId: 'tooluse_B', name: 'get_time', input: { tz: 'Europe/Paris' } } },
      ],
      chunkSize: 4,
    });
    const res = await h.post('/v1/chat/completions', { model: 'claude-sonnet', stream: true, tools: [weatherTool, timeTool], tool_choice: 'auto', parallel_tool_calls: true, messages: [{ role: 'user', content: 'Weather and time in Paris?' }] });
    const events = await readSse(res);
    const chunks = events.slice(0, -1) as Chunk[];
    const calls = collectToolCalls(chunks);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ id: 'tooluse_A', name: 'get_weather' });
    expect(calls[1]).toMatchObject({ id: 'tooluse_B', name: 'get_time' });
    expect(JSON.parse(calls[0].args)).toEqual({ city: 'Paris' });
    expect(JSON.parse(calls[1].args)).toEqual({ tz: 'Europe/Paris' });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)!.choices[0].finish_reason).toBe('tool_calls');
    const sent = h.emu.lastRequest('ConverseStream')!.body;
    expect(sent.toolConfig.tools).toEqual([
      { toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: weatherTool.function.parameters } } },
      // An empty description falls back to the name (rule 3).
      { toolSpec: { name: 'get_time', description: 'get_time', inputSchema: { json: timeTool.function.parameters } } },
    ]);
    expect(sent.toolConfig.toolChoice).toEqual({ auto: {} });
  });

  test('non-streamed tool calls come back as message.tool_calls', async () => {
    h.emu.script({ content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Oslo' } } }] });
    const body = await (await h.post('/v1/chat/completions', { model: 'claude-sonnet', tools: [weatherTool], tool_choice: 'required', messages: [{ role: 'user', content: 'Oslo?' }] })).json();
    expect(body.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: null, tool_calls: [{ id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] } });
    expect(h.emu.lastRequest('Converse')!.body.toolConfig.toolChoice).toEqual({ any: {} });
  });

  test('a named tool_choice becomes toolChoice.tool', async () => {
    h.emu.script({ content: [{ toolUse: { name: 'get_weather', input: {} } }] });
    await h.post('/v1/chat/completions', { model: 'claude-sonnet', tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } }, messages: [{ role: 'user', content: 'x' }] });
    expect(h.emu.lastRequest('Converse')!.body.toolConfig.toolChoice).toEqual({ tool: { name: 'get_weather' } });
  });

  test('tool calls are kept when the stop reason is max_tokens (rule 2)', async () => {
    h.emu.script({ content: [{ toolUse: { toolUseId: 'tooluse_M', name: 'get_weather', input: { city: 'Rome' } } }], stopReason: 'max_tokens' }, { content: [{ toolUse: { toolUseId: 'tooluse_N', name: 'get_weather', input: { city: 'Rome' } } }], stopReason: 'max_tokens' });
    const body = await (await h.post('/v1/chat/completions', { model: 'claude-sonnet', tools: [weatherTool], messages: [{ role: 'user', content: 'x' }] })).json();
    expect(body.choices[0].finish_reason).toBe('length');
    expect(body.choices[0].message.tool_calls[0].id).toBe('tooluse_M');
    const chunks = (await readSse(await h.post('/v1/chat/completions', { model: 'claude-sonnet', stream: true, tools: [weatherTool], messages: [{ role: 'user', content: 'x' }] }))).slice(0, -1) as Chunk[];
    expect(collectToolCalls(chunks)[0]).toMatchObject({ id: 'tooluse_N', name: 'get_weather' });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)!.choices[0].finish_reason).toBe('length');
  });

  test('a full agent turn: parallel results merged into one user message, in order (rules 4, 13), empty result gets a placeholder (rule 3)', async () => {
    h.emu.script({ text: 'Sunny, 12:00.' });
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-sonnet',
      tools: [weatherTool, timeTool],
      messages: [
        { role: 'user', content: 'Weather and time?' },
        { role: 'assistant', content: null, tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
        ] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: '' },
      ],
    });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather and time?' }] },
      { role: 'assistant', content: [
        { toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } },
        { toolUse: { toolUseId: 'call_2', name: 'get_time', input: {} } },
      ] },
      { role: 'user', content: [
        { toolResult: { toolUseId: 'call_1', content: [{ text: 'Sunny' }] } },
        { toolResult: { toolUseId: 'call_2', content: [{ text: '(the tool returned no output)' }] } },
      ] },
    ]);
  });

  test('tool history without tools in the request still gets a toolConfig (rule 10)', async () => {
    h.emu.script({ text: 'Summary.' });
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-sonnet',
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'user', content: 'Summarise the conversation.' },
      ],
    });
    expect(res.status).toBe(200);
    const tools = h.emu.lastRequest('Converse')!.body.toolConfig.tools;
    expect(tools.map((t: { toolSpec: { name: string } }) => t.toolSpec.name)).toEqual(['get_weather']);
  });

  test('odd tool names are mapped to safe names and back (rule 11)', async () => {
    const mcpName = 'mcp__github.com/create-pull-request::v2';
    const longName = `tool_${'x'.repeat(80)}`;
    h.setSettings({});
    h.emu.setHandler((req) => {
      const names = req.body.toolConfig.tools.map((t: { toolSpec: { name: string } }) => t.toolSpec.name);
      return { content: [{ toolUse: { toolUseId: 'tooluse_q', name: names[0], input: { title: 'x' } } }, { toolUse: { toolUseId: 'tooluse_r', name: names[1], input: {} } }] };
    });
    const tools = [mcpName, longName].map((name) => ({ type: 'function', function: { name, description: 'd', parameters: { type: 'object', properties: {} } } }));
    const body = await (await h.post('/v1/chat/completions', { model: 'claude-sonnet', tools, messages: [{ role: 'user', content: 'x' }] })).json();
    expect(body.choices[0].message.tool_calls.map((c: { function: { name: string } }) => c.function.name)).toEqual([mcpName, longName]);
    const sentNames = h.emu.lastRequest('Converse')!.body.toolConfig.tools.map((t: { toolSpec: { name: string } }) => t.toolSpec.name);
    for (const n of sentNames) expect(n).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    // The same name maps the same way next time, so history keeps matching.
    h.emu.setHandler(undefined);
    h.emu.script({ text: 'done' });
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-sonnet', tools,
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 'tooluse_q', type: 'function', function: { name: mcpName, arguments: '{"title":"x"}' } }] },
        { role: 'tool', tool_call_id: 'tooluse_q', content: 'PR #1' },
      ],
    });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.messages[1].content[0].toolUse.name).toBe(sentNames[0]);
  });

  test('trimmed histories with broken tool pairs are repaired instead of failing (no 400 in long sessions)', async () => {
    h.emu.script({ text: 'ok' });
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-sonnet',
      tools: [weatherTool],
      messages: [
        // The client dropped the assistant turn that made call_0.
        { role: 'tool', tool_call_id: 'call_0', content: 'old result' },
        { role: 'user', content: 'And now?' },
        { role: 'assistant', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lima"}' } }] },
        { role: 'user', content: 'Never mind.' },
      ],
    });
    expect(res.status).toBe(200);
    const messages = h.emu.lastRequest('Converse')!.body.messages;
    expect(messages[0].content[0].text).toContain('old result');
    expect(messages[2].content[0].toolResult.toolUseId).toBe('call_9');
    expect(messages[2].content[1]).toEqual({ text: 'Never mind.' });
  });

  test('a model without tool support gets a clear 400 when tools are sent', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'deepseek-r1', tools: [weatherTool], messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('does not support tool use');
  });
});
