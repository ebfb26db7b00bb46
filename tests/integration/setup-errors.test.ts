// The first failure says what to do: every route answers a setup problem (no AWS at all, an
// unknown profile, an expired SSO session) in the client's shape with a 4xx and the doctor's
// finding and fix, for the way Outcrop runs (headless: a command; desktop: a click).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore, type CoreOptions } from '../../src-main/core/core';
import { chatThrough, followAuthorize, startAwsWorld, type AwsWorld } from '../support/aws-world';
import { writeFileSync } from 'node:fs';

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  vi.unstubAllEnvs();
  core = undefined;
  world = undefined;
});

async function start(opts: Partial<CoreOptions> = {}): Promise<OutcropCore> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'outcrop-setup-'));
  const { core: c } = await OutcropCore.start({ home, port: 0, ...opts });
  return c;
}

const post = (c: OutcropCore, path: string, body: unknown) => fetch(`${c.proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const ROUTES: Array<[string, unknown]> = [
  ['/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] }],
  ['/v1/chat/completions', { model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'hi' }] }],
  ['/v1/completions', { model: 'nova-pro', prompt: 'hi' }],
  ['/v1/embeddings', { model: 'titan-embed-v2', input: 'hi' }],
];

describe('no AWS configuration at all', () => {
  test('every route: 400 aws_not_configured in the OpenAI shape, naming what is missing and the headless fix', async () => {
    // setup-env points AWS_CONFIG_FILE at a file that does not exist and clears every AWS_* variable.
    core = await start();
    for (const [path, body] of ROUTES) {
      const res = await post(core, path, body);
      expect(res.status, path).toBe(400);
      const { error } = await res.json();
      expect(error, path).toMatchObject({ code: 'aws_not_configured', type: 'invalid_request_error', param: null });
      expect(error.message).toContain('No AWS credentials are set up');
      expect(error.message).toContain('does not exist');
      expect(error.message).toContain('No AWS region is set');
      expect(error.message).toContain('To fix: run `aws configure sso`');
      expect(error.message).toContain('`--region us-east-1`');
      expect(error.message).not.toMatch(/tray|Overview/);
    }
    // The model list still answers (from the built-in catalogue): tools can be set up meanwhile.
    const models = await fetch(`${core.proxy.url}/v1/models`);
    expect(models.status).toBe(200);
    expect((await models.json()).data.map((m: { id: string }) => m.id)).toContain('nova-pro');
  });

  test('the desktop app gives the click instead of the command', async () => {
    core = await start({ mode: 'desktop' });
    const { error } = await (await chatThrough(core)).json();
    expect(error.code).toBe('aws_not_configured');
    expect(error.message).toContain('pick the profile in the tray menu');
    expect(error.message).toContain('choose a region on the Credentials screen');
    expect(error.message).not.toContain('--region');
  });
});

describe('a profile that does not exist', () => {
  test('after --profile: a 401 naming it and where it came from, with the defined profiles and the --profile fix (no tray)', async () => {
    world = await startAwsWorld();
    core = await start({ home: world.outcropHome, profile: 'nope', region: 'us-east-1' });
    for (const [path, body] of ROUTES) {
      const res = await post(core, path, body);
      expect(res.status, path).toBe(401);
      const { error } = await res.json();
      expect(error.code).toBe('aws_credentials');
      expect(error.type).toBe('authentication_error');
      expect(error.message).toBe(`Profile "nope" (from --profile) is not defined in ${world.files.configPath}. To fix: restart with \`--profile ${world.files.sessionProfile}\` (defined: ${world.files.sessionProfile}, ${world.files.legacyProfile}).`);
    }
  });
});

describe('an expired SSO session', () => {
  test('one sentence with the login command, not the SDK text', async () => {
    world = await startAwsWorld();
    core = await start({ home: world.outcropHome, profile: world.files.sessionProfile });
    const handle = await core.signIn();
    await followAuthorize(handle.url);
    await handle.done;
    // The token expired an hour ago and cannot be refreshed (no refresh token kept).
    writeFileSync(world.files.sessionCachePath, JSON.stringify({ startUrl: world.files.startUrl, region: 'us-east-1', accessToken: 'old', expiresAt: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }));
    const res = await chatThrough(core);
    expect(res.status).toBe(401);
    const { error } = await res.json();
    expect(error.code).toBe('aws_credentials');
    expect(error.message).toMatch(new RegExp(`^The AWS SSO session for profile "${world.files.sessionProfile}" expired at .+\\. To fix: run \`npm run outcrop -- login --profile ${world.files.sessionProfile}\`\\.$`));
  });
});

describe('npm run serve tells the terminal', () => {
  test('with nothing configured, each missing piece and its fix is printed at start', async () => {
    const { serveHeadless } = await import('../../src-main/core/serve');
    const lines: string[] = [];
    core = await serveHeadless({ port: 0, out: (l) => lines.push(l), quiet: true });
    await expect.poll(() => lines.find((l) => l.startsWith('Setup: No AWS region is set')), { timeout: 5000 }).toMatch(/^Setup: No AWS region is set: .+ To fix: restart with `--region us-east-1`.+\.$/);
    // The start-up check and the credential state find the same problem: it is told once, as the
    // doctor words it (whichever of the two comes first), never as the SDK's "any providers".
    const credentials = () => lines.filter((l) => /^(Setup|AWS \(default\)): No AWS credentials are set up/.test(l));
    await expect.poll(() => credentials().length, { timeout: 5000 }).toBe(1);
    expect(credentials()[0]).toMatch(/No AWS credentials are set up: .+ To fix: run `aws configure sso`.+\.$/);
    await core.diagnosis.diagnose();
    expect(credentials()).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('any providers');
  });
});

describe('keys in the environment that AWS refuses', () => {
  test('the terminal says so once, with the fix in the environment, never as an SSO session to sign in to; the state stays refused', async () => {
    world = await startAwsWorld();
    // Keys the emulator does not know: it answers as AWS does (UnrecognizedClientException).
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAREFUSED000000001');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'refused-secret');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const { serveHeadless } = await import('../../src-main/core/serve');
    const lines: string[] = [];
    core = await serveHeadless({ port: 0, out: (l) => lines.push(l), quiet: true });
    const c = core;
    for (let i = 0; i < 3; i++) expect((await post(c, '/v1/chat/completions', ROUTES[0][1])).status).toBe(401);
    await expect.poll(() => lines.filter((l) => l.startsWith('AWS (default): AWS refused the keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY')).length, { timeout: 5000 }).toBe(1);
    expect(c.credentials.state.status).toBe('error');
    // The start-up check finds it too, with the doctor's fix.
    await expect.poll(() => lines.find((l) => l.startsWith('Setup:')), { timeout: 5000 }).toContain('renew AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY');
    const text = lines.join('\n');
    expect(text).not.toMatch(/SSO session|login --profile/);
    expect(lines.filter((l) => l.startsWith('AWS (default)'))).toHaveLength(1);
  });
});
