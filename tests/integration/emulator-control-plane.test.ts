// The control plane (HTTP/1.1, BedrockClient): ListFoundationModels and ListInferenceProfiles.
import {
  BedrockClient,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
  type InferenceProfileSummary,
} from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emulatorClientConfig, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator/index';

let emu: BedrockEmulator;
let client: BedrockClient;

beforeAll(async () => {
  emu = await startBedrockEmulator();
  client = new BedrockClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

describe('ListFoundationModels', () => {
  it('lists a realistic catalog', async () => {
    const out = await client.send(new ListFoundationModelsCommand({}));
    const ids = out.modelSummaries!.map((m) => m.modelId);
    for (const id of [
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'anthropic.claude-3-7-sonnet-20250219-v1:0',
      'anthropic.claude-sonnet-4-20250514-v1:0',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'anthropic.claude-opus-4-1-20250805-v1:0',
      'anthropic.claude-haiku-4-5-20251001-v1:0',
      'amazon.nova-pro-v1:0',
      'amazon.nova-premier-v1:0',
      'meta.llama3-3-70b-instruct-v1:0',
      'meta.llama4-maverick-17b-instruct-v1:0',
      'mistral.mistral-large-2402-v1:0',
      'deepseek.r1-v1:0',
      'openai.gpt-oss-120b-1:0',
      'amazon.titan-embed-text-v2:0',
      'cohere.embed-english-v3',
      'cohere.embed-v4:0',
      // late-2026 shapes: undated, -v1, global-only, no revision suffix
      'anthropic.claude-sonnet-4-6',
      'anthropic.claude-opus-4-6-v1',
      'anthropic.claude-opus-4-8',
      'amazon.nova-2-lite-v1:0',
      'qwen.qwen3-coder-next',
      'deepseek.v3.2',
    ]) {
      expect(ids).toContain(id);
    }
    const sonnet = out.modelSummaries!.find((m) => m.modelId === 'anthropic.claude-sonnet-4-20250514-v1:0')!;
    expect(sonnet).toMatchObject({
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0',
      providerName: 'Anthropic',
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
      modelLifecycle: { status: 'ACTIVE' },
    });
    expect(emu.lastRequest()?.operation).toBe('ListFoundationModels');
  });

  it('filters by output modality, provider (any case) and inference type', async () => {
    const emb = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' }));
    expect(emb.modelSummaries!.length).toBeGreaterThanOrEqual(4);
    expect(emb.modelSummaries!.every((m) => m.outputModalities?.includes('EMBEDDING'))).toBe(true);
    const meta = await client.send(new ListFoundationModelsCommand({ byProvider: 'meta' }));
    expect(meta.modelSummaries!.map((m) => m.providerName)).toEqual(['Meta', 'Meta']);
    const onDemand = await client.send(new ListFoundationModelsCommand({ byInferenceType: 'ON_DEMAND', byProvider: 'Anthropic' }));
    expect(onDemand.modelSummaries).toEqual([]);
  });

  it('refuses an invalid enum value', async () => {
    const err = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'SMELL' as 'TEXT' })).catch((e) => e);
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/byOutputModality/);
  });

  it('serves the models given in the options instead', async () => {
    const own = await startBedrockEmulator({
      foundationModels: [{ modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/x.y-v1:0', modelId: 'x.y-v1:0', providerName: 'X', outputModalities: ['TEXT'] }],
    });
    const c = new BedrockClient(emulatorClientConfig(own.url));
    const out = await c.send(new ListFoundationModelsCommand({}));
    expect(out.modelSummaries?.map((m) => m.modelId)).toEqual(['x.y-v1:0']);
    c.destroy();
    await own.close();
  });
});

describe('ListInferenceProfiles', () => {
  it('lists system-defined us. and global. profiles in us-east-1 with real ARNs', async () => {
    const out = await client.send(new ListInferenceProfilesCommand({}));
    const ids = out.inferenceProfileSummaries!.map((p) => p.inferenceProfileId!);
    expect(ids).toContain('us.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(ids).toContain('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(ids.some((id) => id.startsWith('eu.'))).toBe(false);
    const p = out.inferenceProfileSummaries!.find((x) => x.inferenceProfileId === 'us.anthropic.claude-sonnet-4-20250514-v1:0')!;
    expect(p.inferenceProfileArn).toBe('arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0');
    expect(p.type).toBe('SYSTEM_DEFINED');
    expect(p.status).toBe('ACTIVE');
    expect(p.models!.map((m) => m.modelArn)).toContain('arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0');
    expect(p.createdAt).toBeInstanceOf(Date);
  });

  it('lists global. profiles of undated Claude ids, and a global-only model under global. alone', async () => {
    const ids = (await client.send(new ListInferenceProfilesCommand({ maxResults: 1000 }))).inferenceProfileSummaries!.map((p) => p.inferenceProfileId!);
    for (const id of ['us.anthropic.claude-sonnet-4-6', 'global.anthropic.claude-sonnet-4-6', 'us.anthropic.claude-opus-4-6-v1', 'global.anthropic.claude-opus-4-6-v1', 'global.anthropic.claude-opus-4-8', 'us.amazon.nova-2-lite-v1:0']) {
      expect(ids).toContain(id);
    }
    expect(ids.filter((id) => id.endsWith('.anthropic.claude-opus-4-8'))).toEqual(['global.anthropic.claude-opus-4-8']);
    expect(ids.some((id) => id.startsWith('jp.') || id.startsWith('au.'))).toBe(false);
  });

  it('lists jp. and apac. profiles to a client in Tokyo', async () => {
    const tokyo = new BedrockClient({ ...emulatorClientConfig(emu.url, 'ap-northeast-1'), maxAttempts: 1 });
    const ids = (await tokyo.send(new ListInferenceProfilesCommand({ maxResults: 1000 }))).inferenceProfileSummaries!.map((p) => p.inferenceProfileId!);
    expect(ids).toContain('jp.anthropic.claude-sonnet-4-6');
    expect(ids).toContain('apac.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(ids).toContain('global.anthropic.claude-sonnet-4-6');
    expect(ids.some((id) => id.startsWith('us.') || id.startsWith('eu.'))).toBe(false);
    tokyo.destroy();
  });

  it('lists eu. profiles to a client in eu-west-1', async () => {
    const eu = new BedrockClient({ ...emulatorClientConfig(emu.url, 'eu-west-1'), maxAttempts: 1 });
    const out = await eu.send(new ListInferenceProfilesCommand({}));
    const ids = out.inferenceProfileSummaries!.map((p) => p.inferenceProfileId!);
    expect(ids).toContain('eu.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(ids.some((id) => id.startsWith('us.'))).toBe(false);
    expect(out.inferenceProfileSummaries![0].inferenceProfileArn).toMatch(/^arn:aws:bedrock:eu-west-1:/);
    eu.destroy();
  });

  it('pages with maxResults and nextToken (also through the SDK paginator)', async () => {
    const all = (await client.send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries!;
    const first = await client.send(new ListInferenceProfilesCommand({ maxResults: 3 }));
    expect(first.inferenceProfileSummaries).toHaveLength(3);
    expect(first.nextToken).toBeTruthy();
    const paged: InferenceProfileSummary[] = [];
    for await (const page of paginateListInferenceProfiles({ client, pageSize: 4 }, {})) paged.push(...page.inferenceProfileSummaries!);
    expect(paged.map((p) => p.inferenceProfileId)).toEqual(all.map((p) => p.inferenceProfileId));
    const pages = emu.requests.filter((r) => r.operation === 'ListInferenceProfiles').length;
    expect(pages).toBe(2 + Math.ceil(all.length / 4));
  });

  it('filters by type and refuses a bad token or maxResults', async () => {
    const apps = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
    expect(apps.inferenceProfileSummaries).toEqual([]);
    const badToken = await client.send(new ListInferenceProfilesCommand({ nextToken: 'garbage' })).catch((e) => e);
    expect(badToken.name).toBe('ValidationException');
    const badMax = await client.send(new ListInferenceProfilesCommand({ maxResults: 0 })).catch((e) => e);
    expect(badMax.name).toBe('ValidationException');
  });

  it('serves application profiles given in the options', async () => {
    const own = await startBedrockEmulator({
      inferenceProfiles: [
        {
          inferenceProfileName: 'team-claude',
          inferenceProfileArn: 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123',
          inferenceProfileId: 'abc123',
          models: [{ modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0' }],
          status: 'ACTIVE',
          type: 'APPLICATION',
        },
      ],
    });
    const c = new BedrockClient(emulatorClientConfig(own.url));
    const out = await c.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
    expect(out.inferenceProfileSummaries?.map((p) => p.inferenceProfileId)).toEqual(['abc123']);
    c.destroy();
    await own.close();
  });
});
