import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildMain } from '../../scripts/build-main.mjs';
import { emulatorEnv, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import { until as waitUntil } from '../support/wait';

// The bundled main process as electron-builder packs it — dist/main copied where no
// node_modules can be reached — run by Node with a fake `electron` module: proof that the bundle
// holds every runtime dependency and that the app runs end to end (tray, proxy, AWS SDK, quit).
const ROOT = join(import.meta.dirname, '..', '..');
let emu: BedrockEmulator;
let app: string;
let fakeElectron: string;
beforeAll(async () => {
  emu = await startBedrockEmulator();
  const scratch = mkdtempSync(join(tmpdir(), 'outcrop-bundle-'));
  await buildMain({ root: ROOT, outdir: join(scratch, 'build', 'dist', 'main'), production: true });
  app = join(scratch, 'app');
  cpSync(join(scratch, 'build', 'dist'), join(app, 'dist'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'outcrop', version: '9.9.9', type: 'module', main: 'dist/main/main.js' }));
  fakeElectron = join(scratch, 'fake-electron.mjs');
  await build({ entryPoints: [join(ROOT, 'tests', 'support', 'fake-electron-process.ts')], bundle: true, platform: 'node', format: 'esm', outfile: fakeElectron, logLevel: 'warning' });
}, 60_000);
afterAll(async () => emu.close());

interface Report {
  kind: string;
  data: any;
}

function launch(home: string): { child: ChildProcess; reports: Report[]; send(command: object): void; output: () => string } {
  const child = spawn(process.execPath, ['--import', join(ROOT, 'tests', 'support', 'electron-loader.mjs'), join(app, 'dist', 'main', 'main.js')], {
    cwd: app,
    env: { ...process.env, ...emulatorEnv(emu.url), OUTCROP_HOME: home, FAKE_ELECTRON: fakeElectron },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const reports: Report[] = [];
  let out = '';
  let buffer = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('FAKE-ELECTRON ')) reports.push(JSON.parse(line.slice('FAKE-ELECTRON '.length)));
    }
  });
  child.stderr!.on('data', (d) => (out += d));
  return { child, reports, send: (command) => child.stdin!.write(`${JSON.stringify(command)}\n`), output: () => out };
}


type Item = { id: string; label?: string; enabled?: boolean; submenu?: Item[] };
const lastMenu = (reports: Report[]) => [...reports].reverse().find((r) => r.kind === 'menu')?.data as Item[] | undefined;
const address = (reports: Report[]) => lastMenu(reports)?.find((i) => i.id === 'address' && i.label?.startsWith('Copy address'))?.label?.match(/(http:\/\/[^/\s]+)\/v1/)?.[1];

describe('the bundled desktop app', () => {
  test('runs without node_modules: tray, proxy, AWS SDK, admin API, stop/start from the tray, clean quit with the log flushed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'outcrop-bundle-home-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 2, port: 0 }));
    expect(existsSync(join(app, 'node_modules'))).toBe(false);
    const run = launch(home);
    const url = await until('the tray to show the address', () => address(run.reports), run.output);
    expect(run.reports.find((r) => r.kind === 'Tray.new')!.data[0]).toBe(join(app, 'dist', 'main', 'tray', process.platform === 'darwin' ? 'mac/stopped-Template.png' : process.platform === 'win32' ? 'win/stopped.ico' : 'linux/stopped.png'));

    emu.script({ text: 'from the bundle' });
    const chat = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }], stream: true }) });
    expect(chat.status).toBe(200);
    const deltas = (await chat.text()).split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)).choices[0]?.delta?.content ?? '');
    expect(deltas.join('')).toBe('from the bundle');

    const token = readFileSync(join(home, 'admin-token'), 'utf8').trim();
    const status = await fetch(`${url}/admin/api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(await status.json()).toMatchObject({ version: '9.9.9', url });
    const ui = await fetch(`${url}/ui/`);
    expect(ui.status).toBe(200);

    run.send({ click: 'stop-proxy' });
    await until('stopped', () => lastMenu(run.reports)?.find((i) => i.id === 'status')?.label === 'Proxy stopped', run.output);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    run.send({ click: 'start-proxy' });
    const again = await until('running again', () => address(run.reports), run.output);
    expect((await fetch(`${again}/healthz`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => run.child.on('exit', resolve));
    run.send({ quit: true });
    expect(await exited).toBe(0);
    expect(run.reports.at(-1)).toEqual({ kind: 'exit', data: 0 });
    const logs = join(home, 'logs');
    const entries = readdirSync(logs).flatMap((f) => readFileSync(join(logs, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
    expect(entries.some((e) => e.model === 'nova-pro' && e.status === 200 && e.stream === true)).toBe(true);
  });

  test('an app whose port another one holds shows the port-in-use notification and the fix in the tray', async () => {
    const home = mkdtempSync(join(tmpdir(), 'outcrop-bundle-home-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 2, port: 0 }));
    const first = launch(home);
    const url = await until('first running', () => address(first.reports), first.output);
    // A second app with its own home (so its own single-instance lock) but the first one's port.
    const other = mkdtempSync(join(tmpdir(), 'outcrop-bundle-home-'));
    writeFileSync(join(other, 'settings.json'), JSON.stringify({ version: 2, port: Number(new URL(url).port) }));
    const second = launch(other);
    const note = await until('the port-in-use notification', () => second.reports.find((r) => r.kind === 'notification'), second.output);
    expect(note.data.title).toBe(`Port ${new URL(url).port} is already in use`);
    expect(lastMenu(second.reports)?.find((i) => i.id === 'use-port')).toBeDefined();
    for (const run of [first, second]) {
      const exited = new Promise((resolve) => run.child.on('exit', resolve));
      run.send({ quit: true });
      await exited;
    }
  });
});

/** Waits for a report from the bundled app; on timeout the error carries the app's output. */
function until<T>(what: string, probe: () => T | undefined | false, output: () => string, ms = 15_000): Promise<T> {
  return waitUntil(what, probe, { ms, everyMs: 25, detail: output });
}
