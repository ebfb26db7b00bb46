import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { followAuthorize, startAwsWorld, type AwsWorld } from '../support/aws-world';

// login, profiles and doctor as a user runs them: child processes with the world's environment.
let world: AwsWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface Run {
  code: Promise<number | null>;
  output: () => string;
  waitFor: (re: RegExp) => Promise<RegExpExecArray>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/outcrop.ts', ...args], { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners: Array<() => void> = [];
  const onData = (d: Buffer): void => {
    out += d;
    listeners.forEach((l) => l());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return {
    code: new Promise((resolve) => child.on('exit', resolve)),
    output: () => out,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} in:\n${out}`)), 15_000);
        const check = (): void => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        listeners.push(check);
        check();
      }),
  };
}

describe('outcrop login / profiles / doctor', () => {
  test('login (PKCE) prints the URL, completes when the browser returns, and profiles shows it signed in', async () => {
    world = await startAwsWorld();
    const before = run(['profiles']);
    expect(await before.code).toBe(0);
    expect(before.output()).toMatch(new RegExp(`${world.files.sessionProfile}\\s+sso\\s+us-east-1\\s+needs sign-in`));

    const login = run(['login', '--profile', world.files.sessionProfile, '--no-browser']);
    const [, url] = await login.waitFor(/^\s+(http\S+authorize\S+)$/m);
    await followAuthorize(url);
    expect(await login.code).toBe(0);
    // An sso-session profile: the token refreshes itself, the session ends with the registration.
    expect(login.output()).toMatch(/Signed in\. The token refreshes itself until the session ends at \S+ \(in /);
    expect(JSON.parse(readFileSync(world.files.sessionCachePath, 'utf8')).accessToken).toBeTruthy();

    const after = run(['profiles', '--json']);
    expect(await after.code).toBe(0);
    const listed = JSON.parse(after.output().slice(after.output().indexOf('{')));
    const state = listed.profiles.find((p: { name: string }) => p.name === world!.files.sessionProfile).state;
    expect(state).toMatchObject({ status: 'valid', refreshable: true });
    // A refreshable session ends with its client registration, not with the hourly token.
    expect(Date.parse(state.sessionEndsAt)).toBeGreaterThan(Date.parse(state.expiresAt));
    const text = run(['profiles']);
    expect(await text.code).toBe(0);
    expect(text.output()).toMatch(new RegExp(`${world.files.sessionProfile}\\s+sso\\s+us-east-1\\s+valid, refreshes automatically, session ends ${state.sessionEndsAt} \\(in `));
  });

  test('login --device-code prints the code; a denied sign-in exits 1 with a clear message', async () => {
    world = await startAwsWorld();
    world.sso.configure({ autoApprove: false });
    const login = run(['login', '--profile', world.files.sessionProfile, '--device-code', '--no-browser']);
    const [, code] = await login.waitFor(/shows the code (\S+)\./);
    world.sso.deny(code);
    expect(await login.code).toBe(1);
    expect(login.output()).toContain('Sign-in was denied');
  });

  test('login to a profile that is not SSO explains there is nothing to sign in to', async () => {
    world = await startAwsWorld({ extraConfig: '[profile keys]\naws_access_key_id = A\naws_secret_access_key = B\n' });
    const login = run(['login', '--profile', 'keys', '--no-browser']);
    expect(await login.code).toBe(1);
    expect(login.output()).toContain('is not an AWS SSO');
  });

  test('doctor: needs sign-in with the fix, then all good after sign-in', async () => {
    world = await startAwsWorld();
    const first = run(['doctor', '--profile', world.files.sessionProfile]);
    expect(await first.code).toBe(1);
    expect(first.output()).toContain('needs sign-in');
    expect(first.output()).toContain(`fix: npm run outcrop -- login --profile ${world.files.sessionProfile}`);
    // Where the diagnostic logs are, for a bug report.
    expect(first.output()).toContain(`diagnostic log: ${join(world.outcropHome, 'logs', 'outcrop-serve.log')} (desktop app: ${join(world.outcropHome, 'logs', 'outcrop-desktop.log')})`);

    const login = run(['login', '--profile', world.files.sessionProfile, '--no-browser']);
    const [, url] = await login.waitFor(/^\s+(http\S+authorize\S+)$/m);
    await followAuthorize(url);
    expect(await login.code).toBe(0);

    const second = run(['doctor', '--profile', world.files.sessionProfile]);
    expect(await second.code).toBe(0);
    const out = second.output();
    expect(out).toContain('✓ Region us-east-1');
    expect(out).toMatch(/✓ Credentials load: access key \w{4}…\w{4}/);
    expect(out).toMatch(/✓ Bedrock answers: \d+ models and \d+ inference profiles/);
    expect(out).toContain('Everything looks good');
    // Secrets never printed.
    const token = JSON.parse(readFileSync(world.files.sessionCachePath, 'utf8')).accessToken;
    expect(out).not.toContain(token);
    expect(out).not.toContain(world.sso.issuedCredentials.at(-1)!.secretAccessKey);
  });

  test('doctor reports an undefined profile with the known ones', async () => {
    world = await startAwsWorld();
    const res = run(['doctor', '--profile', 'ghost']);
    expect(await res.code).toBe(1);
    expect(res.output()).toContain('Profile "ghost" (from --profile) is not defined');
    expect(res.output()).toContain(world.files.sessionProfile);
  });
});
