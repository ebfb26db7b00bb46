import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { DesktopApp } from '../../src-main/core/desktop/desktop-app';
import { followAuthorize, startAwsWorld, type AwsWorld } from '../support/aws-world';
import { fakeShell } from '../support/fake-desktop';
import { until } from '../support/wait';

// DesktopApp on the real core, against the AWS emulators, with a fake shell in place of Electron:
// a port really taken, sign-in from the tray through the SSO emulator, requests, stop/start, quit.
let world: AwsWorld;
let blocker: Server;
let taken: number;
beforeEach(async () => {
  world = await startAwsWorld();
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  taken = (blocker.address() as { port: number }).port;
  mkdirSync(world.outcropHome, { recursive: true });
  writeFileSync(join(world.outcropHome, 'settings.json'), JSON.stringify({ version: 2, port: taken, profile: world.files.sessionProfile }));
});
afterEach(async () => {
  blocker.close();
  await world.close();
});


describe('the desktop app on the real core', () => {
  test('port in use → the fix; expired SSO → sign in from the tray; requests; stop/start; quit flushes the log', async () => {
    const fake = fakeShell();
    let core!: OutcropCore;
    const app = new DesktopApp({
      shell: fake.shell,
      platform: 'darwin',
      startCore: async () => {
        const started = await OutcropCore.start({ home: world.outcropHome, listen: false });
        core = started.core;
        return started;
      },
    });
    await app.start();

    // The port is taken: error icon, a notification offering a free port.
    expect(fake.lastView().status).toBe('error');
    const portNote = fake.record.notes.find((n) => n.title === `Port ${taken} is already in use`)!;
    expect(portNote).toBeDefined();
    const fix = portNote.buttons[0];
    expect(fix.action).toMatchObject({ type: 'use-port' });
    await app.perform(fix.action);
    const url = await until('running', () => app.snapshot.proxy.status === 'running' && app.snapshot.proxy.url);
    expect(url).toBe(`http://127.0.0.1:${(fix.action as { port: number }).port}`);
    expect(JSON.parse(readFileSync(join(world.outcropHome, 'settings.json'), 'utf8')).port).toBe((fix.action as { port: number }).port);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // No SSO token yet: the profile's state from the AWS files says sign-in is needed.
    await until('needs sign-in', () => fake.lastView().status === 'needs-sign-in');
    const signInNote = fake.record.notes.find((n) => n.title === 'AWS sign-in needed')!;
    expect(signInNote.buttons).toEqual([{ label: 'Sign in', action: { type: 'sign-in' } }]);
    await app.perform(signInNote.buttons[0].action);
    expect(fake.record.external).toHaveLength(1);
    const signInUrl = fake.record.external[0];
    expect(app.windowContext().signInUrls.has(signInUrl)).toBe(true);
    await followAuthorize(signInUrl); // the browser
    await until('signed in', () => fake.record.notes.some((n) => n.title === 'Signed in to AWS'));
    await until('running icon', () => fake.lastView().status === 'running');

    world.bedrock.script({ text: 'hello from the tray' });
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] }) });
    expect((await res.json()).choices[0].message.content).toBe('hello from the tray');

    // The settings window gets the admin API and its token through the preload's question.
    expect(app.adminLocation()).toEqual({ adminUrl: url, token: core.adminToken });
    const status = await fetch(`${url}/admin/api/status`, { headers: { authorization: `Bearer ${app.adminLocation()!.token}` } });
    expect((await status.json()).profile).toBe(world.files.sessionProfile);

    await app.perform({ type: 'stop-proxy' });
    expect(fake.lastView().status).toBe('stopped');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await app.perform({ type: 'start-proxy' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    await app.perform({ type: 'quit' });
    expect(fake.record.exits).toEqual([0]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    const logs = join(world.outcropHome, 'logs');
    expect(existsSync(logs)).toBe(true);
    const lines = readdirSync(logs).flatMap((f) => readFileSync(join(logs, f), 'utf8').trim().split('\n'));
    expect(lines.map((l) => JSON.parse(l)).some((e) => e.model === 'nova-pro' && e.status === 200)).toBe(true);
  });
});
