import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { TEST_CA_PATH, TEST_CA_PEM } from '../support/test-tls';
import { until } from '../support/wait';

// `npm run emulator` (tests/support/emulator-cli.ts): the printed exports work, with and without
// the simulated distance and TLS.

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
});

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/emulator-cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((r) => child.once('exit', r)) };
}

const exported = (out: string) => Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));

async function converse(env: Record<string, string>, ca?: string): Promise<string | undefined> {
  const sdk = new BedrockRuntimeClient({
    endpoint: env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
    region: env.AWS_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    ...(ca ? { requestHandler: { nodeHttp2ConnectOptions: { ca } } } : {}),
  });
  try {
    const out = await sdk.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'hello there' }] }] }));
    return out.output?.message?.content?.[0]?.text;
  } finally {
    sdk.destroy();
  }
}

describe('npm run emulator', () => {
  test('without new flags: plain HTTP on the port, the same exports as before', async () => {
    const emu = run(['--port', '0', '--quiet']);
    await until('the exports', () => /Press Ctrl\+C/.test(emu.output()), { detail: emu.output });
    expect(emu.output()).toMatch(/^Bedrock emulator listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(emu.output()).not.toMatch(/Simulated distance|AWS_CA_BUNDLE/);
    const env = exported(emu.output());
    expect(Object.keys(env)).toEqual(['AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_ENDPOINT_URL_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_BEARER_TOKEN_BEDROCK']);
    expect(await converse(env)).toBeTruthy();
  });

  test('--rtt-ms with --tls: the relay\'s https URL and AWS_CA_BUNDLE are printed, and an SDK trusting the test CA is answered through them', async () => {
    const emu = run(['--port', '0', '--quiet', '--tls', '--rtt-ms', '20']);
    await until('the exports', () => /Press Ctrl\+C/.test(emu.output()), { detail: emu.output });
    const env = exported(emu.output());
    expect(env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(env.AWS_CA_BUNDLE).toBe(TEST_CA_PATH);
    expect(env.NODE_EXTRA_CA_CERTS).toBe(TEST_CA_PATH);
    const distance = /Simulated distance: 20 ms round trip, 20 ms more .*\(relay on (\S+) -> emulator on (\S+)\)/.exec(emu.output());
    expect(distance?.[1]).toBe(env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME);
    expect(distance?.[2]).not.toBe(distance?.[1]);
    expect(await converse(env, TEST_CA_PEM)).toBeTruthy();
    emu.child.kill('SIGINT');
    await emu.exited;
    expect(emu.output()).toMatch(/The relay accepted 1 connections\./);
  });

  test('a bad --rtt-ms, or --handshake-ms alone, is refused with exit code 2', async () => {
    for (const args of [['--rtt-ms', 'soon'], ['--rtt-ms', '-5'], ['--rtt-ms=-5'], ['--handshake-ms', '30']]) {
      const emu = run(['--port', '0', ...args]);
      expect(await emu.exited).toBe(2);
      expect(emu.output()).toMatch(/--(rtt|handshake)-ms/);
    }
  });
});
