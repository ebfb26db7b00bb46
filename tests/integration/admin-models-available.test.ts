import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { invocableModels } from '../../src-proxy/models/invocable';
import type { ModelView } from '../../src-shared/admin';
import { defaultFoundationModels, defaultInferenceProfiles, emulatorEnv, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// GET /admin/api/models on the real core (the listing read from the emulator with the real SDK):
// the models the account can invoke in us-east-1, ranked newest first, each with the profile it
// goes through — the same names, in the same order, as GET /v1/models — and a profile preference
// saved through the admin API changes the profile.

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const LISTING = { foundationModels: defaultFoundationModels('us-east-1'), inferenceProfiles: defaultInferenceProfiles('us-east-1') } as AccountModels;

let world: AwsWorld;
let bedrock: BedrockEmulator;
let core: OutcropCore;
beforeEach(async () => {
  world = await startAwsWorld();
  bedrock = await startBedrockEmulator();
  for (const [k, v] of Object.entries(emulatorEnv(bedrock.url))) vi.stubEnv(k, v);
  ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
});
afterEach(async () => {
  await core?.close();
  await bedrock.close();
  await world.close();
});

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${core.proxy.url}/admin/api${path}`, { ...init, headers: { authorization: `Bearer ${core.adminToken}`, 'content-type': 'application/json', ...init.headers } });
async function available(): Promise<ModelView[]> {
  const res = await admin('/models');
  expect(res.status).toBe(200);
  const views = ((await res.json()) as { data: ModelView[] }).data;
  return views.filter((v) => v.rank !== undefined).sort((a, b) => a.rank! - b.rank!);
}

describe('the admin models list: available in the region', () => {
  test('ranked newest first with the profile each goes through, as GET /v1/models lists them', async () => {
    const want = invocableModels(LISTING, 'us-east-1', 'geo');
    const views = await available();
    expect(views.map((v) => v.id)).toEqual(want.map((m) => m.name));
    expect(views.map((v) => v.target)).toEqual(want.map((m) => m.invokeId));
    const sonnet = views.find((v) => v.model === SONNET_45)!;
    expect(sonnet).toMatchObject({ name: 'Claude Sonnet 4.5', provider: 'Anthropic', access: 'available', via: `us.${SONNET_45}`, caching: true });
    expect(views.find((v) => v.model === 'openai.gpt-oss-120b-1:0')).toMatchObject({ access: 'available', target: 'openai.gpt-oss-120b-1:0' });
    expect(views.find((v) => v.model === 'openai.gpt-oss-120b-1:0')).not.toHaveProperty('via');
    expect(views.every((v) => v.access === 'available')).toBe(true);

    const listed = ((await (await fetch(`${core.proxy.url}/v1/models`)).json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
    expect(listed.slice(1, 1 + views.length)).toEqual(views.map((v) => v.id));
  });

  test('a profile preference saved through the admin API changes the profile, for the listed models and the aliases', async () => {
    const res = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ profilePreference: 'global', aliases: { mine: 'claude-sonnet-4-5' } }) });
    expect(res.status).toBe(200);
    const views = await available();
    expect(views.find((v) => v.model === SONNET_45)).toMatchObject({ via: `global.${SONNET_45}`, access: 'available' });
    const all = ((await (await admin('/models')).json()) as { data: ModelView[] }).data;
    expect(all.find((v) => v.id === 'mine')).toMatchObject({ source: 'user-alias', target: `global.${SONNET_45}`, via: `global.${SONNET_45}`, access: 'available' });
    expect(views.map((v) => v.target)).toEqual(invocableModels(LISTING, 'us-east-1', 'global').map((m) => m.invokeId));
  });
});
