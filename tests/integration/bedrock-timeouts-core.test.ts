import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// The Bedrock limits in settings.json reach the gateway the real core builds (upstream-faults
// proves the gateway's clocks on gateways it builds itself, so it cannot see this wiring), and a
// change made in the settings window applies to the next request without a restart.

let world: AwsWorld;
let core: OutcropCore | undefined;
beforeEach(async () => {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
  mkdirSync(world.outcropHome, { recursive: true });
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await world.close();
});

// Longer than the first idle limit (1 s), shorter than the raised one (3 s).
const GAP_MS = 1300;

async function streamedChat(): Promise<{ status: number; events: any[] }> {
  const res = await fetch(`${core!.proxy.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const text = await res.text();
  const events = text
    .split('\n\n')
    .filter((b) => b.startsWith('data: '))
    .map((b) => b.slice(6))
    .map((d) => (d === '[DONE]' ? d : JSON.parse(d)));
  return { status: res.status, events };
}

describe('bedrockTimeouts from settings on the running core', () => {
  test('a stream silent for longer than streamIdleSeconds ends with an in-stream bedrock_timeout naming the limit; a raised limit lets the next one finish', async () => {
    writeFileSync(join(world.outcropHome, 'settings.json'), JSON.stringify({ version: 2, bedrockTimeouts: { connectSeconds: 10, firstByteSeconds: 600, streamIdleSeconds: 1 } }));
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const reply = { text: 'slow but steady', chunkSize: 100, chunkDelayMs: GAP_MS };

    world.bedrock.script(reply);
    const cut = await streamedChat();
    expect(cut.status).toBe(200);
    expect(cut.events).not.toContain('[DONE]');
    const error = cut.events.at(-1).error;
    expect(error).toMatchObject({ code: 'bedrock_timeout', type: 'server_error' });
    expect(error.message).toContain('silent for 1 s');
    expect(error.message).toContain('stream idle timeout');

    // The settings window's save: the admin API's PATCH, honoured by the next request.
    const patched = await fetch(`${core.proxy.url}/admin/api/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${core.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ bedrockTimeouts: { connectSeconds: 10, firstByteSeconds: 600, streamIdleSeconds: 3 } }),
    });
    expect(patched.status).toBe(200);
    expect(core.settings.get().bedrockTimeouts.streamIdleSeconds).toBe(3);

    world.bedrock.script(reply);
    const whole = await streamedChat();
    expect(whole.status).toBe(200);
    expect(whole.events.at(-1)).toBe('[DONE]');
    expect(whole.events.some((e) => e !== '[DONE]' && e.error)).toBe(false);
    expect(whole.events.map((e) => e.choices?.[0]?.delta?.content ?? '').join('')).toBe('slow but steady');
  });
});
