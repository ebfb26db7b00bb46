import { beforeEach, expect, test, vi } from 'vitest';
import type { BedrockGateway, GatewayOptions } from '../../src-proxy/bedrock/gateway';

// lazyGateway stands for createBedrockGateway(opts) until the first call needs it (the gateway
// module brings the AWS SDK; see lazy-gateway.ts). The real module is replaced here by one that
// counts the gateways it makes.
const made: Array<{ opts: GatewayOptions; closed: number }> = [];
vi.mock('../../src-proxy/bedrock/gateway', () => ({
  createBedrockGateway: (opts: GatewayOptions): BedrockGateway => {
    const record = { opts, closed: 0 };
    made.push(record);
    const no = () => Promise.reject(new Error('not in this test'));
    return {
      converse: async (input) => ({ output: { message: { role: 'assistant', content: [{ text: `to ${input.modelId}` }] } } }) as never,
      converseStream: no,
      invokeModel: no,
      countTokens: no,
      listModels: async () => ({ foundationModels: [], inferenceProfiles: [] }),
      region: async () => opts.region ?? 'us-east-1',
      describe: () => ({ profile: `made:${opts.profile}` }),
      warm: async () => true,
      close: () => void record.closed++,
    };
  },
}));

const { lazyGateway } = await import('../../src-main/core/lazy-gateway');

beforeEach(() => {
  made.length = 0;
});

test('makes no gateway until a call needs one, then one for all calls', async () => {
  const gateway = lazyGateway({ region: 'eu-west-1', profile: 'dev' });
  expect(made).toHaveLength(0);
  const [region, listing, answer] = await Promise.all([gateway.region(), gateway.listModels(), gateway.converse({ modelId: 'm1', messages: [] })]);
  expect(region).toBe('eu-west-1');
  expect(listing).toEqual({ foundationModels: [], inferenceProfiles: [] });
  expect(answer.output?.message?.content?.[0]).toEqual({ text: 'to m1' });
  await gateway.warm();
  expect(made).toHaveLength(1);
  expect(made[0].opts).toMatchObject({ region: 'eu-west-1', profile: 'dev' });
});

test('describe() answers before the gateway is made, and from it after', async () => {
  const gateway = lazyGateway({ profile: 'dev', endpoint: 'https://bedrock.example' });
  expect(gateway.describe()).toEqual({ profile: 'dev', endpoint: 'https://bedrock.example' });
  await gateway.region();
  expect(gateway.describe()).toEqual({ profile: 'made:dev' });
});

test('close() closes the gateway it made, and one made for a call after close at once', async () => {
  const used = lazyGateway({});
  await used.region();
  used.close();
  expect(made[0].closed).toBe(1);

  const unused = lazyGateway({});
  unused.close();
  expect(made).toHaveLength(1);
  await unused.region();
  expect(made[1].closed).toBe(1);
});
