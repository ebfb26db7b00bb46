import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import type { ModelView } from '../../src-shared/admin';
import { ACCOUNT_ID, defaultFoundationModels, defaultInferenceProfiles, emulatorEnv, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// GET /admin/api/models on the real core marks each name with what the account's Bedrock listing
// (ListFoundationModels + ListInferenceProfiles, read from the emulator with the real SDK) says:
// available, not-listed, or unknown when the listing cannot be read.

// An account whose listing lacks Claude Haiku 4.5 (model and profiles) and gpt-oss-120b, and has
// one application inference profile.
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const GPT_OSS = 'openai.gpt-oss-120b-1:0';
const APP_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:application-inference-profile/team-sonnet`;

let world: AwsWorld;
let bedrock: BedrockEmulator;
let core: OutcropCore;
beforeEach(async () => {
  world = await startAwsWorld();
  bedrock = await startBedrockEmulator({
    foundationModels: defaultFoundationModels().filter((m) => m.modelId !== HAIKU && m.modelId !== GPT_OSS),
    inferenceProfiles: [
      ...defaultInferenceProfiles().filter((p) => !p.inferenceProfileId.endsWith(HAIKU)),
      { inferenceProfileName: 'team sonnet', inferenceProfileArn: APP_ARN, inferenceProfileId: 'team-sonnet', models: [], status: 'ACTIVE', type: 'APPLICATION' },
    ],
  });
  for (const [k, v] of Object.entries(emulatorEnv(bedrock.url))) vi.stubEnv(k, v);
});
afterEach(async () => {
  await core?.close();
  await bedrock.close();
  await world.close();
});

async function models(): Promise<ModelView[]> {
  const res = await fetch(`${core.proxy.url}/admin/api/models`, { headers: { authorization: `Bearer ${core.adminToken}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: ModelView[] }).data;
}
const pick = (views: ModelView[], id: string) => views.find((v) => v.id === id);

describe('access marking in the Models list', () => {
  test('names the listing offers are available (through their profile); names it lacks are not-listed', async () => {
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    await core.settings.update({ aliases: { fast: 'claude-haiku', team: APP_ARN } });
    const views = await models();
    expect(bedrock.requests.some((r) => r.operation === 'ListFoundationModels')).toBe(true);

    expect(pick(views, 'claude-sonnet')).toMatchObject({ source: 'alias', access: 'available', via: 'us.anthropic.claude-sonnet-4-6' });
    expect(pick(views, 'nova-lite')).toMatchObject({ access: 'available', via: 'us.amazon.nova-lite-v1:0' });
    expect(pick(views, 'titan-embed')).toMatchObject({ access: 'available', target: 'amazon.titan-embed-text-v2:0' });
    expect(pick(views, 'titan-embed')).not.toHaveProperty('via');
    // Left out of this account's listing: the alias, the user's alias to it, and a model the emulator never lists.
    expect(pick(views, 'claude-haiku')).toMatchObject({ access: 'not-listed', via: `us.${HAIKU}` });
    expect(pick(views, 'fast')).toMatchObject({ source: 'user-alias', access: 'not-listed', target: `us.${HAIKU}` });
    expect(pick(views, 'gpt-oss-120b')).toMatchObject({ access: 'not-listed', target: GPT_OSS });
    expect(pick(views, 'gpt-oss-120b')).not.toHaveProperty('via');
    expect(pick(views, 'claude-opus-4')).toMatchObject({ access: 'not-listed' });
    // An application profile of the account, through the user's alias and as listed.
    expect(pick(views, 'team')).toMatchObject({ access: 'available', via: APP_ARN });
    expect(pick(views, APP_ARN)).toMatchObject({ source: 'account', access: 'available', via: APP_ARN });
    // Everything the account lists is available.
    expect(views.filter((v) => v.source === 'account' && v.access !== 'available')).toEqual([]);
  });

  test('credentials Bedrock refuses: no listing, every name unknown, the region prefix still shown', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAUNKNOWNKEY000000');
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const views = await models();
    expect(bedrock.requests.some((r) => r.operation === 'ListFoundationModels')).toBe(true);
    expect(views.length).toBeGreaterThan(0);
    expect(views.filter((v) => v.access !== 'unknown')).toEqual([]);
    expect(pick(views, 'claude-sonnet')).toMatchObject({ access: 'unknown', via: 'us.anthropic.claude-sonnet-4-6' });
    // With no listing, the built-in catalogue stands in for the account's models.
    expect(pick(views, HAIKU)).toMatchObject({ source: 'catalog', access: 'unknown' });
  });
});
