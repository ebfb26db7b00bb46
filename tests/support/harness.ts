import { createBedrockGateway, type BedrockGateway, type GatewayOptions } from '../../src-proxy/bedrock/gateway';
import type { ProxyDeps } from '../../src-proxy/app';
import type { AdminRouteOptions } from '../../src-proxy/routes/admin';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { defaultSettings, type Settings } from '../../src-shared/settings';
import { startBedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type BedrockEmulator, type EmulatorOptions } from './bedrock-emulator';
import { until } from './wait';

export interface Harness {
  emu: BedrockEmulator;
  proxy: RunningProxy;
  /** The gateway the proxy calls Bedrock through. */
  gateway: BedrockGateway;
  /** Base URL for OpenAI clients: http://127.0.0.1:PORT/v1 */
  baseURL: string;
  settings: Settings;
  /** Replaces the settings snapshot the proxy reads per request. */
  setSettings(patch: Partial<Settings>): void;
  log: RequestLogEntry[];
  /** POSTs JSON to the proxy and returns the fetch Response. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  emulator?: EmulatorOptions;
  /** Gateway options, or a function of the started emulator (for endpoints that name its port). */
  gateway?: Partial<GatewayOptions> | ((emu: BedrockEmulator) => Partial<GatewayOptions>);
  settings?: Partial<Settings>;
  bodyLimit?: number;
  /** Serves the admin API and settings UI with these options (a fake backend in tests). */
  admin?: AdminRouteOptions;
  /** Silence before an Anthropic stream pings (default 10 s). */
  pingEveryMs?: number;
  /** Header and request time limits of the proxy's HTTP server. */
  httpLimits?: ProxyDeps['httpLimits'];
}

/** Starts the Bedrock emulator and the proxy (real AWS SDK, real sockets, port 0) wired together. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const emu = await startBedrockEmulator(opts.emulator);
  let settings: Settings = { ...defaultSettings(), ...opts.settings };
  const log: RequestLogEntry[] = [];
  const bedrock = createBedrockGateway({
    region: 'us-east-1',
    endpoint: emu.url,
    controlEndpoint: emu.url,
    credentials: () => async () => ({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }),
    maxAttempts: 1,
    ...(typeof opts.gateway === 'function' ? opts.gateway(emu) : opts.gateway),
  });
  const proxy = await startProxy({ host: '127.0.0.1', port: 0, bedrock, settings: () => settings, log: (e) => log.push(e), bodyLimit: opts.bodyLimit, admin: opts.admin, pingEveryMs: opts.pingEveryMs, httpLimits: opts.httpLimits });
  return {
    emu,
    proxy,
    gateway: bedrock,
    baseURL: `${proxy.url}/v1`,
    get settings() {
      return settings;
    },
    setSettings(patch) {
      settings = { ...settings, ...patch };
    },
    log,
    post: (path, body, headers = {}) =>
      fetch(`${proxy.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await proxy.close();
      bedrock.close();
      await emu.close();
    },
  };
}

/** Reads an SSE response into the parsed `data:` payloads (the string "[DONE]" kept as is). */
export async function readSse(res: Response): Promise<unknown[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .map((block) => block.split('\n').find((l) => l.startsWith('data: '))?.slice(6))
    .filter((d): d is string => d !== undefined)
    .map((d) => (d === '[DONE]' ? d : JSON.parse(d)));
}

/** Waits until a condition holds (for effects that land just after a response). */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  await until('a condition', check, { ms: timeoutMs, everyMs: 10 });
}
