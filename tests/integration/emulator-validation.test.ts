// The emulator refuses Converse requests the way Bedrock does (ValidationException, 400).
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorClientConfig, startBedrockEmulator, TEST_BEDROCK_API_KEY, type BedrockEmulator } from '../support/bedrock-emulator/index';

const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const tools = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] };

let emu: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emu = await startBedrockEmulator();
  client = new BedrockRuntimeClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emu.close();
});

async function refusal(input: Partial<ConverseCommandInput> & { modelId?: string }): Promise<string> {
  const err = await client.send(new ConverseCommand({ modelId: NOVA, messages: [], ...input } as ConverseCommandInput)).then(
    () => undefined,
    (e) => e,
  );
  expect(err?.name).toBe('ValidationException');
  expect(err.$metadata.httpStatusCode).toBe(400);
  return err.message;
}

// Raw JSON over HTTP/1.1 with a Bedrock API key, for bodies the SDK would not send.
async function rawRefusal(modelId: string, body: unknown): Promise<string> {
  const res = await fetch(`${emu.url}/model/${encodeURIComponent(modelId)}/converse`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_BEDROCK_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(400);
  expect(res.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
  return ((await res.json()) as { message: string }).message;
}

const u = (text: string) => ({ role: 'user' as const, content: [{ text }] });
const a = (text: string) => ({ role: 'assistant' as const, content: [{ text }] });
const toolUseTurn = (id: string) => ({
  role: 'assistant' as const,
  content: [{ toolUse: { toolUseId: id, name: 'get_weather', input: { city: 'Paris' } } }],
});
const toolResultTurn = (id: string) => ({
  role: 'user' as const,
  content: [{ toolResult: { toolUseId: id, content: [{ text: 'sunny' }] } }],
});

describe('Converse validation', () => {
  it('refuses missing or empty messages', async () => {
    expect(await refusal({ messages: [] })).toMatch(/must start with a user message/);
    expect(await rawRefusal(NOVA, {})).toMatch(/must start with a user message/);
  });

  it('refuses a blank text block, naming its position', async () => {
    expect(await refusal({ messages: [u('hi'), a('yo'), { role: 'user', content: [{ text: 'ok' }, { text: '  \n' }] }] })).toBe(
      'The text field in the ContentBlock object at messages.2.content.1 is blank. Add text to the text field, and try again.',
    );
  });

  it('refuses a content block with two keys or none', async () => {
    expect(await rawRefusal(NOVA, { messages: [{ role: 'user', content: [{ text: 'a', image: {} }] }] })).toMatch(/messages\.0\.content\.0/);
    expect(await rawRefusal(NOVA, { messages: [{ role: 'user', content: [{}] }] })).toMatch(/exactly one/);
  });

  it('refuses a conversation starting with the assistant', async () => {
    expect(await refusal({ messages: [a('hello'), u('hi')] })).toBe(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  });

  it('refuses two consecutive messages with the same role', async () => {
    expect(await refusal({ messages: [u('one'), u('two')] })).toMatch(/must alternate between user and assistant roles/);
  });

  it('refuses more than 4 cache points in total', async () => {
    const cp = { cachePoint: { type: 'default' as const } };
    const msg = await refusal({
      system: [{ text: 'sys' }, cp, cp],
      messages: [{ role: 'user', content: [{ text: 'x' }, cp, cp, cp] }],
    });
    expect(msg).toMatch(/maximum of 4 blocks with cache_control.*Found 5/);
  });

  it('refuses toolUse/toolResult blocks without toolConfig', async () => {
    expect(await refusal({ messages: [u('w?'), toolUseTurn('t1'), toolResultTurn('t1')] })).toBe(
      'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    );
  });

  it('refuses a toolResult that answers no toolUse of the previous turn, and missing results', async () => {
    expect(await refusal({ toolConfig: tools, messages: [u('w?'), toolUseTurn('t1'), toolResultTurn('t2')] })).toMatch(
      /unexpected `tool_use_id` found in `tool_result` blocks: t2/,
    );
    expect(await refusal({ toolConfig: tools, messages: [u('w?'), toolUseTurn('t1'), u('never mind')] })).toBe(
      'Expected toolResult blocks at messages.2.content for the following Ids: t1',
    );
  });

  it('accepts a well-formed tool round trip', async () => {
    const out = await client.send(
      new ConverseCommand({ modelId: NOVA, toolConfig: tools, messages: [u('w?'), toolUseTurn('t1'), toolResultTurn('t1')] }),
    );
    expect(out.output?.message?.content?.[0].text).toContain('sunny');
  });

  it('refuses tool names outside [a-zA-Z0-9_-]{1,64}', async () => {
    const bad = (name: string) => refusal({ messages: [u('x')], toolConfig: { tools: [{ toolSpec: { name, inputSchema: { json: {} } } }] } });
    expect(await bad('get weather')).toMatch(/toolConfig\.tools\.1\.member\.toolSpec\.name/);
    expect(await bad('x'.repeat(65))).toMatch(/regular expression/);
    expect(await bad('mcp.server.tool')).toMatch(/regular expression/);
  });

  it('refuses temperature together with topP on Claude 4.5 only', async () => {
    const both = { temperature: 0.5, topP: 0.9 };
    expect(await refusal({ modelId: SONNET_45, messages: [u('x')], inferenceConfig: both })).toMatch(
      /`temperature` and `top_p` cannot both be specified/,
    );
    const ok = await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0', messages: [u('x')], inferenceConfig: both }));
    expect(ok.stopReason).toBe('end_turn');
  });

  it('applies the Claude sampling rules by version: 4.5 and later one of temperature/top_p, 4.7 and later none of them', async () => {
    const both = { temperature: 0.5, topP: 0.9 };
    // 4.6 (undated), a -v1 id, and a future 4.x: the 4.5 rule.
    for (const modelId of ['us.anthropic.claude-sonnet-4-6', 'global.anthropic.claude-opus-4-6-v1', 'us.anthropic.claude-haiku-4-5-20251001-v1:0']) {
      expect(await refusal({ modelId, messages: [u('x')], inferenceConfig: both }), modelId).toMatch(/`temperature` and `top_p` cannot both be specified/);
      await client.send(new ConverseCommand({ modelId, messages: [u('x')], inferenceConfig: { temperature: 0.5 } }));
    }
    // 4.7 and later, listed or not: each sampling parameter alone is refused.
    for (const modelId of ['global.anthropic.claude-opus-4-8', 'us.anthropic.claude-sonnet-5', 'global.anthropic.claude-opus-4-10']) {
      expect(await refusal({ modelId, messages: [u('x')], inferenceConfig: { temperature: 0.5 } }), modelId).toMatch(/`temperature` is deprecated for this model/);
      expect(await refusal({ modelId, messages: [u('x')], inferenceConfig: { topP: 0.5 } }), modelId).toMatch(/`top_p` is deprecated for this model/);
      expect(await refusal({ modelId, messages: [u('x')], additionalModelRequestFields: { top_k: 5 } }), modelId).toMatch(/`top_k` is deprecated for this model/);
      await client.send(new ConverseCommand({ modelId, messages: [u('x')], inferenceConfig: { maxTokens: 100 } }));
    }
  });

  it('refuses budget thinking from Claude 4.7 on, and takes adaptive thinking there', async () => {
    const enabled = { additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } };
    expect(await refusal({ modelId: 'global.anthropic.claude-opus-4-8', ...enabled, messages: [u('x')] })).toMatch(
      /"thinking\.type\.enabled" is not supported for this model\. Use "thinking\.type\.adaptive"/,
    );
    await client.send(new ConverseCommand({ modelId: 'global.anthropic.claude-opus-4-8', additionalModelRequestFields: { thinking: { type: 'adaptive' } }, messages: [u('x')] }));
    await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-6', ...enabled, messages: [u('x')], inferenceConfig: { maxTokens: 4000 } }));
  });

  it('refuses bare Claude 3.7+/4.x ids that need an inference profile, with the real message', async () => {
    const msg = await refusal({ modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0', messages: [u('x')] });
    expect(msg).toBe(
      'Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
    );
    expect(await refusal({ modelId: 'anthropic.claude-sonnet-4-6', messages: [u('x')] })).toMatch(/on-demand throughput/);
    for (const ok of ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', NOVA]) {
      await client.send(new ConverseCommand({ modelId: ok, messages: [u('x')] }));
    }
  });

  it('refuses a geography profile called from another geography, and an empty model id', async () => {
    expect(await refusal({ modelId: 'eu.anthropic.claude-sonnet-4-20250514-v1:0', messages: [u('x')] })).toBe(
      'The provided model identifier is invalid.',
    );
    expect(await rawRefusal('', { messages: [u('x')] })).toBe('The provided model identifier is invalid.');
    // jp. and au. profiles belong to Japan and Australia; the client here is in us-east-1.
    for (const modelId of ['jp.anthropic.claude-sonnet-4-6', 'au.anthropic.claude-sonnet-4-5-20250929-v1:0']) {
      expect(await refusal({ modelId, messages: [u('x')] }), modelId).toBe('The provided model identifier is invalid.');
    }
  });

  it('applies Claude extended-thinking rules', async () => {
    const thinking = { additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } };
    expect(await refusal({ modelId: SONNET_45, ...thinking, messages: [u('x')], inferenceConfig: { temperature: 0.2 } })).toMatch(
      /temperature may only be set to 1 when thinking is enabled/,
    );
    expect(await refusal({ modelId: SONNET_45, ...thinking, messages: [u('x')], inferenceConfig: { maxTokens: 1000 } })).toMatch(
      /`max_tokens` must be greater than `thinking.budget_tokens`/,
    );
    // the assistant turn answered by tool results must start with its reasoning block
    const history = [u('w?'), toolUseTurn('t1'), toolResultTurn('t1')];
    expect(await refusal({ modelId: SONNET_45, ...thinking, toolConfig: tools, messages: history })).toMatch(
      /messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/,
    );
    const withReasoning = {
      role: 'assistant' as const,
      content: [{ reasoningContent: { reasoningText: { text: 'need weather', signature: 'sig' } } }, ...toolUseTurn('t1').content],
    };
    await client.send(
      new ConverseCommand({ modelId: SONNET_45, ...thinking, toolConfig: tools, messages: [u('w?'), withReasoning, toolResultTurn('t1')] }),
    );
  });

  it('does not consume a scripted reply when it refuses the request', async () => {
    emu.reset();
    emu.script({ text: 'kept for the next valid call' });
    await refusal({ messages: [u('a'), u('b')] });
    const out = await client.send(new ConverseCommand({ modelId: NOVA, messages: [u('fine')] }));
    expect(out.output?.message?.content?.[0].text).toBe('kept for the next valid call');
  });
});
