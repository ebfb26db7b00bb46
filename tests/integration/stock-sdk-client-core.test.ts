import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// OUTCROP_STOCK_SDK_CLIENT=1 in the core's environment reaches the gateway (the core passes its
// env): requests through the real core still work, on the SDK's untouched client.
let world: AwsWorld;
let control: BedrockEmulator;
let core: OutcropCore | undefined;
beforeEach(async () => {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
  // The control plane (the model list read when the core starts) apart: the test counts the runtime's connections.
  control = await startBedrockEmulator();
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', control.url);
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await world.close();
  await control.close();
});

const chat = (url: string) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: 'hi' }] }) });

test('with OUTCROP_STOCK_SDK_CLIENT=1 in the env given to the core, chat requests work and each opens its own connection (the SDK handler)', async () => {
  ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, env: { ...process.env, OUTCROP_STOCK_SDK_CLIENT: '1' } }));
  world.bedrock.script({ text: 'one' }, { text: 'two' });
  const before = world.bedrock.stats.connections;
  for (const text of ['one', 'two']) {
    const res = await chat(core.proxy.url);
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content).toBe(text);
  }
  // Warm-up is the pool's; the stock client opens one connection per request and nothing ahead
  // (a profile id goes as given: no model listing is read for it).
  expect(world.bedrock.stats.connections - before).toBe(2);
});
