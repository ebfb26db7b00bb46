import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// A prefixed profile id goes to Bedrock as given: no model listing (a control-plane connection) is read for it.
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

// The app opens the way to Bedrock ahead of need (issue 18): once it listens with credentials at
// hand, and again when the profile, region or endpoint changes; never without credentials. With
// it, the account's model list is read (the control plane, an emulator of its own here), so that
// the first request does not wait for it.

let world: AwsWorld | undefined;
let control: BedrockEmulator | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  await control?.close();
  core = world = control = undefined;
});

/** The control plane (ListFoundationModels, ListInferenceProfiles) apart from the runtime emulator, whose connections the tests count. */
async function startControlPlane(): Promise<BedrockEmulator> {
  const c = await startBedrockEmulator();
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', c.url);
  return c;
}
const listingsIn = (c: BedrockEmulator) => c.requests.filter((r) => r.operation === 'ListFoundationModels').map((r) => /Credential=[^/]+\/\d+\/([^/]+)\//.exec(r.headers.authorization ?? '')?.[1]);

const chat = (c: OutcropCore) =>
  fetch(`${c.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: SONNET_PROFILE, messages: [{ role: 'user', content: 'hi' }] }) });

describe('warm connection to Bedrock from the app', () => {
  test('listening with credentials opens one connection before any request, and a region change opens the new one', async () => {
    world = await startAwsWorld();
    for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
    const plane = (control = await startControlPlane());
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const emu = world.bedrock;
    await expect.poll(() => emu.stats.openConnections, { timeout: 5000, interval: 20 }).toBe(1);
    expect(emu.requests).toEqual([]);
    // The credentials resolved for it (the state a request would have set).
    expect(core.credentials.state.status).toBe('valid');
    // The model list is read ahead of need too, once.
    // (The two lists are asked for at once: each is waited for.)
    await expect.poll(() => new Set(plane.requests.map((r) => r.operation)), { timeout: 5000, interval: 20 }).toEqual(new Set(['ListFoundationModels', 'ListInferenceProfiles']));
    expect(listingsIn(plane)).toEqual(['us-east-1']);

    await core.settings.update({ region: 'us-west-2' });
    await expect.poll(() => emu.stats.connections, { timeout: 5000, interval: 20 }).toBe(2);
    expect(emu.requests).toEqual([]);
    await expect.poll(() => listingsIn(plane), { timeout: 5000, interval: 20 }).toEqual(['us-east-1', 'us-west-2']);
    // The new gateway's connection serves the first request.
    world.bedrock.script({ text: 'warm' });
    expect((await chat(core)).status).toBe(200);
    const scopes = emu.requests.filter((r) => r.operation === 'Converse').map((r) => /Credential=[^/]+\/\d+\/([^/]+)\//.exec(r.headers.authorization ?? '')?.[1]);
    expect(scopes).toEqual(['us-west-2']);
  });

  test('without credentials nothing is opened; the failed look says so in the credential state', async () => {
    world = await startAwsWorld();
    vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', world.bedrock.url);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_PROFILE', 'nobody-here');
    const plane = (control = await startControlPlane());
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const c = core;
    await expect.poll(() => c.credentials.state.status, { timeout: 5000, interval: 20 }).toMatch(/^(error|needs-sign-in)$/);
    expect(world.bedrock.stats.connections).toBe(0);
    // Nor is the model list asked for.
    await new Promise((r) => setTimeout(r, 200));
    expect(plane.stats.connections).toBe(0);
  });
});
