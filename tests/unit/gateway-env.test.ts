import { afterEach, expect, test, vi } from 'vitest';
import { createBedrockGateway } from '../../src-proxy/bedrock/gateway';
import { lazyGateway } from '../../src-main/core/lazy-gateway';

// The gateway reads the environment it is given (the core passes its own), not process.env: a
// core started with an explicit env must not pick up the shell's AWS_PROFILE or endpoint.

const credentials = () => async () => ({ accessKeyId: 'AKIDENV', secretAccessKey: 'secret' });

afterEach(() => {
  vi.unstubAllEnvs();
});

test("a gateway built with an explicit env does not see process.env's AWS_PROFILE or endpoint override", async () => {
  vi.stubEnv('AWS_PROFILE', 'from-process');
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'https://from-process.example');
  const isolated = createBedrockGateway({ credentials, env: {} });
  const own = createBedrockGateway({ credentials, env: { AWS_PROFILE: 'from-env', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'https://from-env.example' } });
  const edge = createBedrockGateway({ credentials });
  try {
    expect(isolated.describe()).toEqual({ profile: undefined, endpoint: undefined });
    expect(own.describe()).toEqual({ profile: 'from-env', endpoint: 'https://from-env.example' });
    // Without an env (a caller at the process edge), process.env is the environment.
    expect(edge.describe()).toEqual({ profile: 'from-process', endpoint: 'https://from-process.example' });
  } finally {
    for (const g of [isolated, own, edge]) g.close();
  }
});

test("the no-region error names the env's profile, not process.env's", async () => {
  vi.stubEnv('AWS_PROFILE', 'from-process');
  // The profile is passed to the SDK too (the SDK's region loader reads process.env itself).
  const gateway = createBedrockGateway({ credentials, profile: undefined, env: { AWS_PROFILE: 'from-env' } });
  try {
    const err = await gateway.region().then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain('profile "from-env"');
  } finally {
    gateway.close();
  }
});

test("lazyGateway's describe() before the gateway is made reads the env it was given (OUTCROP_STOCK_SDK_CLIENT too)", () => {
  vi.stubEnv('AWS_PROFILE', 'from-process');
  vi.stubEnv('OUTCROP_STOCK_SDK_CLIENT', '1');
  const gateway = lazyGateway({ env: { AWS_PROFILE: 'from-env' } });
  expect(gateway.describe()).toEqual({ profile: 'from-env', endpoint: undefined });
  gateway.close();
  const stock = lazyGateway({ env: { OUTCROP_STOCK_SDK_CLIENT: '1' } });
  expect(stock.describe()).toEqual({ profile: undefined, endpoint: undefined, stockSdkClient: true });
  stock.close();
});
