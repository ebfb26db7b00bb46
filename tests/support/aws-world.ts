import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { OutcropCore } from '../../src-main/core/core';
import { startBedrockEmulator, type BedrockEmulator } from './bedrock-emulator';
import { startSsoEmulator, writeSsoConfig, type SsoConfigFiles, type SsoEmulator } from './sso-emulator';

/** A whole fake AWS for a test: Bedrock and SSO emulators, a temp HOME with ~/.aws/config, and the env pointing at them. */
export interface AwsWorld {
  bedrock: BedrockEmulator;
  sso: SsoEmulator;
  files: SsoConfigFiles;
  home: string;
  outcropHome: string;
  close(): Promise<void>;
}

let counter = 0;

/** Starts the emulators and stubs process.env like a user's shell would be (the SDK reads process.env). */
export async function startAwsWorld(opts: { extraConfig?: string; region?: string; tls?: { key: string; cert: string }; hostnames?: { bedrock: string; sso: string } } = {}): Promise<AwsWorld> {
  const bedrock = await startBedrockEmulator({ tls: opts.tls });
  const sso = await startSsoEmulator({ tls: opts.tls, onRoleCredentials: (c) => bedrock.addCredentials(c.accessKeyId, c.secretAccessKey) });
  // Other names for the emulators (reachable through a test proxy only, or localhost).
  const named = (url: string, host: string | undefined) => (host ? url.replace('127.0.0.1', host) : url);
  const ssoUrl = named(sso.url, opts.hostnames?.sso);
  const bedrockUrl = named(bedrock.url, opts.hostnames?.bedrock);
  const home = mkdtempSync(join(tmpdir(), 'outcrop-home-'));
  // The SDK throttles SSO refreshes per session name within a process: every world gets its own.
  const files = writeSsoConfig(home, { sessionName: `corp-${process.pid}-${++counter}`, region: opts.region ?? 'us-east-1', extra: opts.extraConfig });
  const outcropHome = join(home, 'outcrop');
  vi.stubEnv('HOME', home);
  vi.stubEnv('AWS_CONFIG_FILE', files.configPath);
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, '.aws', 'credentials'));
  vi.stubEnv('AWS_ENDPOINT_URL_SSO_OIDC', ssoUrl);
  vi.stubEnv('AWS_ENDPOINT_URL_SSO', ssoUrl);
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', bedrockUrl);
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', bedrockUrl);
  vi.stubEnv('OUTCROP_HOME', outcropHome);
  return {
    bedrock, sso, files, home, outcropHome,
    async close() {
      vi.unstubAllEnvs();
      await Promise.all([bedrock.close(), sso.close()]);
    },
  };
}

/** Plays the browser: follows the authorize URL to the emulator, then its redirect to Outcrop's loopback callback. */
export async function followAuthorize(url: string): Promise<Response> {
  const page = await fetch(url, { redirect: 'manual' });
  const location = page.headers.get('location');
  if (!location) throw new Error(`authorize answered ${page.status} without a redirect`);
  return fetch(location);
}

/** One non-streamed chat request through a running core's proxy (the answer is the emulator's). */
export function chatThrough(core: OutcropCore): Promise<Response> {
  return fetch(`${core.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] }) });
}
