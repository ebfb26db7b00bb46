import { TEST_ACCESS_KEY_ID, TEST_BEDROCK_API_KEY, TEST_SECRET_ACCESS_KEY } from './server';

/** Environment that points AWS SDKs (and the proxy) at an emulator URL with the test credentials. */
export function emulatorEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
    AWS_ENDPOINT_URL_BEDROCK: url,
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
  };
}

/** Constructor options for a real BedrockRuntimeClient/BedrockClient talking to the emulator with SigV4. */
export function emulatorClientConfig(url: string, region = 'us-east-1') {
  return {
    endpoint: url,
    region,
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
  };
}

/** Constructor options for a BedrockRuntimeClient using a Bedrock API key (bearer) instead of SigV4. */
export function emulatorBearerConfig(url: string, apiKey = TEST_BEDROCK_API_KEY, region = 'us-east-1') {
  return {
    endpoint: url,
    region,
    token: { token: apiKey },
    authSchemePreference: ['httpBearerAuth'],
  };
}
