// Network failures during AWS SSO sign-in reach the user as one sentence with the action, from
// the CLI (`outcrop login`) and from the settings window (the admin API), never as a raw socket error.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test, vi } from 'vitest';
import { loginCommand } from '../../src-main/commands/login';
import { OutcropCore } from '../../src-main/core/core';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  core = undefined;
  world = undefined;
});

// A port nothing listens on: taken from the OS, then released.
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const SENTENCE = /^AWS SSO \(127\.0\.0\.1:\d+\) refused the connection: nothing is listening there — check the endpoint setting \(or start the emulator\), then try again\.$/;

test('outcrop login against an SSO endpoint that refuses: one sentence, exit 1', async () => {
  world = await startAwsWorld();
  vi.stubEnv('AWS_ENDPOINT_URL_SSO_OIDC', `http://127.0.0.1:${await closedPort()}`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await loginCommand({ profile: world.files.sessionProfile, browser: false }, { out: (l) => out.push(l), err: (l) => err.push(l), env: process.env });
  expect(code).toBe(1);
  expect(err).toHaveLength(1);
  expect(err[0].replace(/^Cannot sign in: /, '')).toMatch(SENTENCE);
  expect(err[0]).not.toMatch(/ECONNREFUSED|connect /);
});

test('sign-in from the settings window (admin API) gives the same sentence as a 400 naming the profile field', async () => {
  world = await startAwsWorld();
  vi.stubEnv('AWS_ENDPOINT_URL_SSO_OIDC', `http://127.0.0.1:${await closedPort()}`);
  ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: world.files.sessionProfile }));
  const res = await fetch(`${core.proxy.url}/admin/api/sign-in`, { method: 'POST', headers: { authorization: `Bearer ${core.adminToken}`, 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(400);
  const { error } = await res.json();
  expect(error.param).toBe('profile');
  expect(error.message).toMatch(SENTENCE);
});
