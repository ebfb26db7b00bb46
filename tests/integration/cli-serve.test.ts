import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HEADLESS_NODE_FLAGS } from '../../src-main/core/node-flags';
import { emulatorEnv, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';

// The headless server as a user starts it: a child process, the standard AWS environment
// pointing at the emulator, settings under $OUTCROP_HOME.
let emu: BedrockEmulator;
beforeAll(async () => {
  emu = await startBedrockEmulator();
});
afterAll(async () => emu.close());

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** How to start Outcrop: a source file under tsx (fast, what most tests use), or an npm script as the README says. */
type Launch = { source: string } | { npmScript: string };

function start(args: string[], env: Record<string, string | undefined> = {}, launch: Launch = { source: 'src-main/outcrop.ts' }): Promise<Started> {
  const home = mkdtempSync(join(tmpdir(), 'outcrop-cli-'));
  const [command, commandArgs] = 'source' in launch
    ? [process.execPath, ['--import', 'tsx', launch.source, ...args]]
    : ['npm', ['run', '--silent', launch.npmScript, '--', ...args]];
  const child = spawn(command, commandArgs, {
    cwd: process.cwd(),
    env: { ...process.env, ...emulatorEnv(emu.url), OUTCROP_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm runs the script in a shell: its own process group, so that stop() reaches all of them.
    detached: 'npmScript' in launch,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in time:\n${out}`)), 15_000);
    child.stdout!.on('data', () => {
      const match = /Outcrop listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    // A detached child leads its own process group (npm, its shell, node): signal the whole group.
    if (child.spawnargs[0] === 'npm') process.kill(-child.pid!, 'SIGTERM');
    else child.kill('SIGTERM');
  });
}

/**
 * The command line of the node process that runs `script` in the process group `group` (the
 * detached npm child leads its own), or undefined. Linux: from /proc. Other processes on the
 * machine may run the same script (another checkout's tests, a user's own serve).
 */
function nodeCommandLine(script: string, group: number): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== group) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith(script))) return argv;
    } catch {
      // The process ended meanwhile.
    }
  }
  return undefined;
}

function runToExit(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/outcrop.ts', ...args], { env: { ...process.env, OUTCROP_HOME: mkdtempSync(join(tmpdir(), 'outcrop-cli-')), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('outcrop serve', () => {
  test('--port 0 prints the real address, serves chat with the standard AWS env, and stops cleanly', async () => {
    const { child, url } = await start(['serve', '--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
    emu.script({ text: 'from the child' });
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] }) });
    expect((await res.json()).choices[0].message.content).toBe('from the child');
    expect(emu.lastRequest()!.accessKeyId).toBe(emulatorEnv(emu.url).AWS_ACCESS_KEY_ID);
    expect(await stop(child)).toBe(0);
  });

  test('--region picks the inference-profile prefix; aliases come from the settings file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'outcrop-home-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, aliases: { 'gpt-4o': 'claude-sonnet-4' } }));
    const { child, url } = await start(['serve', '--port', '0', '--region', 'eu-west-1', '--quiet'], { OUTCROP_HOME: home });
    emu.script({ text: 'ok' });
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBe(200);
    expect(emu.lastRequest('Converse')!.modelId).toBe('eu.anthropic.claude-sonnet-4-20250514-v1:0');
    await stop(child);
  });

  test('AWS_BEARER_TOKEN_BEDROCK makes requests use the Bedrock API key', async () => {
    const env = { AWS_BEARER_TOKEN_BEDROCK: 'emulator-bedrock-api-key', AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
    const { child, url } = await start(['serve', '--port', '0', '--quiet'], env);
    emu.script({ text: 'ok' });
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBe(200);
    expect(emu.lastRequest('Converse')!.auth).toBe('bearer');
    await stop(child);
  });

  test('npm start without a display says why in one line and runs headless', async () => {
    const { child, output } = await start(['--port', '0'], { DISPLAY: '', WAYLAND_DISPLAY: '' }, { source: 'src-main/start.ts' });
    expect(output()).toMatch(/Outcrop: no display found .* running headless/);
    await stop(child);
  });

  test('`npm run serve` builds the headless bundle and runs it on plain node with the headless flags', async () => {
    const { child, url } = await start(['--port', '0', '--quiet'], {}, { npmScript: 'serve' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'Hi' }] }) });
    expect(res.status).toBe(200);
    const argv = nodeCommandLine('dist/cli/outcrop.mjs', child.pid!);
    if (process.platform === 'linux') {
      expect(argv).toBeDefined();
      for (const flag of HEADLESS_NODE_FLAGS) expect(argv).toContain(flag);
      expect(argv!.join(' ')).not.toContain('tsx');
    }
    expect(await stop(child)).not.toBe(1);
  }, 30_000);

  test('`npm start` without a display runs the same bundle headless', async () => {
    const { child, url, output } = await start(['--port', '0', '--quiet'], { DISPLAY: '', WAYLAND_DISPLAY: '' }, { npmScript: 'start' });
    expect(output()).toMatch(/Outcrop: no display found .* running headless/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const argv = nodeCommandLine('dist/cli/start.mjs', child.pid!);
    if (process.platform === 'linux') for (const flag of HEADLESS_NODE_FLAGS) expect(argv).toContain(flag);
    await stop(child);
  }, 30_000);

  test('a port in use gives a clear message and exit code 1', async () => {
    const { child, url } = await start(['serve', '--port', '0', '--quiet']);
    const port = new URL(url).port;
    const second = await runToExit(['serve', '--port', port]);
    expect(second.code).toBe(1);
    expect(second.out).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    await stop(child);
  });

  test('a non-loopback host is refused', async () => {
    const res = await runToExit(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(res.code).toBe(1);
    expect(res.out).toContain('Refusing to listen on 0.0.0.0');
  });

  test('bad arguments are explained', async () => {
    const res = await runToExit(['serve', '--port', 'abc']);
    expect(res.code).toBe(2);
    expect(res.out).toContain('--port must be a number');
    const unknown = await runToExit(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('Unknown command');
  });
});
