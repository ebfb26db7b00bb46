import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// A prefixed profile id goes to Bedrock as given: no model listing (a control-plane connection) is read for it.
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

// The app opens the way to Bedrock ahead of need (issue 18) when the profile alone changes, as it
// does for a region change (core-warm.test.ts), and after a wake from sleep, where the connection
// kept from before is replaced without being asked.

let world: AwsWorld | undefined;
let control: BedrockEmulator | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await core?.close();
  await world?.close();
  await control?.close();
  core = world = control = undefined;
});

/** The control plane (the model list read with every warm-up) apart from the runtime emulator, whose connections the tests count. */
async function startControlPlane(...credentials: Array<[string, string]>): Promise<BedrockEmulator> {
  const c = await startBedrockEmulator();
  for (const [id, secret] of credentials) c.addCredentials(id, secret);
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', c.url);
  return c;
}

const chat = (c: OutcropCore) =>
  fetch(`${c.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: SONNET_PROFILE, messages: [{ role: 'user', content: 'hi' }] }) });

describe('warm connection to Bedrock from the app', () => {
  test('a profile change (same region) opens the new profile\'s connection before any request, and it serves the first one', async () => {
    world = await startAwsWorld({ extraConfig: '[profile first]\nregion = us-east-1\n\n[profile second]\nregion = us-east-1\n' });
    world.bedrock.addCredentials('AKIDFIRST00000000001', 'first-secret');
    world.bedrock.addCredentials('AKIDSECOND0000000001', 'second-secret');
    writeFileSync(join(world.home, '.aws', 'credentials'), '[first]\naws_access_key_id = AKIDFIRST00000000001\naws_secret_access_key = first-secret\n\n[second]\naws_access_key_id = AKIDSECOND0000000001\naws_secret_access_key = second-secret\n');
    control = await startControlPlane(['AKIDFIRST00000000001', 'first-secret'], ['AKIDSECOND0000000001', 'second-secret']);
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    await core.settings.update({ profile: 'first' });
    const emu = world.bedrock;
    await expect.poll(() => emu.stats.connections, { timeout: 5000, interval: 20 }).toBeGreaterThanOrEqual(1);
    const before = emu.stats.connections;

    await core.settings.update({ profile: 'second' });
    await expect.poll(() => emu.stats.connections, { timeout: 5000, interval: 20 }).toBe(before + 1);
    expect(emu.requests).toEqual([]);
    emu.script({ text: 'warm' });
    expect((await chat(core)).status).toBe(200);
    expect(emu.requests.map((r) => r.accessKeyId)).toEqual(['AKIDSECOND0000000001']);
    expect(emu.stats.connections).toBe(before + 1);
  });

  test('after a wake from sleep the connection kept from before is replaced at once, and the new one serves the first request', async () => {
    world = await startAwsWorld();
    for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
    control = await startControlPlane();
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const emu = world.bedrock;
    await expect.poll(() => emu.stats.openConnections, { timeout: 5000, interval: 20 }).toBe(1);
    // The laptop slept: the connection is silently dead, and the wall clock jumped (timers did not run).
    emu.freeze();
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: Date.now() });
    vi.setSystemTime(Date.now() + 5 * 60_000);
    core.warmUpstream({ afterSleep: true });
    // Well within the 5 s a PING of the old connection would wait (a plain warm-up asks it first).
    await expect.poll(() => emu.stats.connections, { timeout: 3000, interval: 20 }).toBe(2);
    emu.script({ text: 'awake' });
    expect((await chat(core)).status).toBe(200);
    expect(emu.stats.connections).toBe(2);
  });
});
