import { describe, expect, test } from 'vitest';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { accessOf } from '../../src-proxy/models/access';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator/catalog';

// Marking a model id with what the account's Bedrock listing says about it (ListFoundationModels
// and ListInferenceProfiles of one region).

const APP_ARN = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123';
const listing = (region = 'us-east-1'): AccountModels => ({
  foundationModels: defaultFoundationModels(region),
  inferenceProfiles: [
    ...defaultInferenceProfiles(region),
    { inferenceProfileName: 'team', inferenceProfileArn: APP_ARN, inferenceProfileId: 'abc123', type: 'APPLICATION', status: 'ACTIVE', models: [] },
  ],
} as AccountModels);

describe('accessOf', () => {
  test('a listed system profile is available, through that profile', () => {
    expect(accessOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0', listing())).toEqual({ access: 'available', via: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    expect(accessOf('global.anthropic.claude-sonnet-4-5-20250929-v1:0', listing())).toEqual({ access: 'available', via: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' });
  });

  test('a profile the region does not list is not-listed (us. seen from eu-west-1, a model without that profile)', () => {
    expect(accessOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0', listing('eu-west-1'))).toEqual({ access: 'not-listed', via: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    expect(accessOf('us.anthropic.claude-opus-4-20250514-v1:0', listing())).toEqual({ access: 'not-listed', via: 'us.anthropic.claude-opus-4-20250514-v1:0' });
  });

  test('a bare id is available only when the model runs on demand', () => {
    expect(accessOf('openai.gpt-oss-120b-1:0', listing())).toEqual({ access: 'available' });
    expect(accessOf('amazon.titan-embed-text-v2:0', listing())).toEqual({ access: 'available' });
    // Listed, but for inference profiles only: its bare id is refused.
    expect(accessOf('anthropic.claude-opus-4-1-20250805-v1:0', listing())).toEqual({ access: 'not-listed' });
    // Not in the listing at all.
    expect(accessOf('mistral.mistral-large-2407-v1:0', listing())).toEqual({ access: 'not-listed' });
  });

  test('ARNs: a listed application profile is available; other ARNs the listing cannot judge are unknown', () => {
    expect(accessOf(APP_ARN, listing())).toEqual({ access: 'available', via: APP_ARN });
    const gone = APP_ARN.replace('abc123', 'deleted');
    expect(accessOf(gone, listing())).toEqual({ access: 'not-listed', via: gone });
    expect(accessOf('arn:aws:bedrock:us-east-1:111122223333:provisioned-model/xyz', listing())).toEqual({ access: 'unknown' });
    expect(accessOf('arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-oss-120b-1:0', listing())).toEqual({ access: 'available' });
  });

  test('no listing, or no target: unknown, and the profile still shows', () => {
    expect(accessOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined)).toEqual({ access: 'unknown', via: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    expect(accessOf('openai.gpt-oss-120b-1:0', undefined)).toEqual({ access: 'unknown' });
    expect(accessOf(undefined, listing())).toEqual({ access: 'unknown' });
  });

  test('an application profile whose id looks like a system one is not taken for it', () => {
    const account = { foundationModels: [], inferenceProfiles: [{ inferenceProfileId: 'us.x.y', inferenceProfileArn: 'arn:aws:bedrock:us-east-1:1:application-inference-profile/us.x.y', type: 'APPLICATION' }] } as unknown as AccountModels;
    expect(accessOf('us.x.y', account).access).toBe('not-listed');
  });
});
