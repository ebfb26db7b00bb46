import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { SettingsConflictError, SettingsStore } from '../../src-main/core/settings/store';
import { MAX_CORRUPT_BACKUPS } from '../../src-main/core/settings/settings-file';
import type { ApiKey } from '../../src-shared/settings';
import { eventually } from '../support/harness';

// settings.json that turns bad while Outcrop runs (an editor half-saves it, a sync tool cuts it
// off) must never loosen security: the settings in use stay, the file stays where it is, the
// problem is reported once and clears when the file is good again. Saves never lose a change
// another program made to the file, and never leave a half-written file for anyone to read.

const tempDir = () => mkdtempSync(join(tmpdir(), 'outcrop-settings-closed-'));
const KEY: ApiKey = { id: 'k1', name: 'Laptop', key: 'oc-fail-closed-secret-0001', createdAt: '2026-01-01T00:00:00.000Z' };
const reload = (store: SettingsStore) => (store as unknown as { reloadIfChanged(): Promise<void> }).reloadIfChanged();

async function openGuarded(dir: string, settleMs = 150) {
  const { store } = await SettingsStore.open(dir, { settleMs });
  await store.update({ requireApiKey: true, apiKeys: [KEY], allowedHosts: ['tunnel.example.com'], allowedOrigins: ['https://app.example.com'], host: '0.0.0.0', allowPrivateImageHosts: true });
  const warnings: string[] = [];
  const problems: Array<string | undefined> = [];
  store.on('warning', (w) => warnings.push(w));
  store.on('problem', (p) => problems.push(p));
  return { store, warnings, problems, file: join(dir, 'settings.json') };
}

describe('settings store: a file that turns bad while running', () => {
  test('cut off, then an array, then empty: the settings in use stay, the file is left alone, one warning; a valid file is then taken in and the problem clears', async () => {
    const dir = tempDir();
    const { store, warnings, problems, file } = await openGuarded(dir);
    const inUse = store.get();
    await store.watch();
    try {
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.slice(0, Math.floor(good.length / 2)));
      // Reported once it stays unparseable for settleMs, with no further change event needed.
      await eventually(() => store.problem !== undefined, 3000);
      expect(store.problem).toContain('could not be read (the JSON ends too early, as if cut off): Outcrop keeps the last good settings; fix or delete the file.');
      writeFileSync(file, '[1, 2]');
      await eventually(() => Boolean(store.problem?.includes('a JSON array')), 3000);
      writeFileSync(file, '');
      await eventually(() => Boolean(store.problem?.includes('the file is empty')), 3000);

      expect(store.get()).toBe(inUse);
      expect(store.get()).toMatchObject({ requireApiKey: true, apiKeys: [KEY], allowedHosts: ['tunnel.example.com'], host: '0.0.0.0' });
      expect(warnings.filter((w) => w.includes('could not be read'))).toHaveLength(1);
      expect(readFileSync(file, 'utf8')).toBe('');
      expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);

      writeFileSync(file, JSON.stringify({ version: 2, requireApiKey: true, apiKeys: [KEY], defaultModel: 'nova-pro' }));
      await eventually(() => store.get().defaultModel === 'nova-pro', 3000);
      expect(store.problem).toBeUndefined();
      expect(problems.at(-1)).toBeUndefined();
      expect(store.get().allowedHosts).toEqual([]);
    } finally {
      store.close();
    }
  });

  test('a file that cannot be read at all (a folder in its place) is a problem shown like a corrupt one; the settings in use stay', async () => {
    const dir = tempDir();
    const { store, warnings, file } = await openGuarded(dir);
    const inUse = store.get();
    await store.watch();
    try {
      const good = readFileSync(file, 'utf8');
      rmSync(file);
      mkdirSync(file);
      await eventually(() => store.problem !== undefined, 3000);
      expect(store.problem).toContain('could not be read (EISDIR): Outcrop keeps the last good settings');
      expect(store.get()).toBe(inUse);
      expect(warnings.filter((w) => w.includes('could not be read'))).toHaveLength(1);

      rmSync(file, { recursive: true });
      writeFileSync(file, good);
      await eventually(() => store.problem === undefined, 3000);
      expect(store.get()).toMatchObject({ requireApiKey: true, apiKeys: [KEY] });
    } finally {
      store.close();
    }
  });

  test('a half-written file that is complete within the settle time is taken in without a warning or a problem', async () => {
    const dir = tempDir();
    const { store, warnings, problems, file } = await openGuarded(dir, 60_000);
    const full = JSON.stringify({ version: 2, requireApiKey: true, apiKeys: [KEY], defaultModel: 'nova-lite' });
    writeFileSync(file, full.slice(0, 30));
    await reload(store);
    expect(store.get().requireApiKey).toBe(true);
    writeFileSync(file, full);
    await reload(store);
    expect(store.get().defaultModel).toBe('nova-lite');
    expect(warnings).toEqual([]);
    expect(problems).toEqual([]);
    store.close();
  });

  test('an invalid security field keeps its value in use; an invalid ordinary field falls back to its default; no warning shows a key', async () => {
    const dir = tempDir();
    const { store, warnings, file } = await openGuarded(dir);
    writeFileSync(
      file,
      JSON.stringify({
        version: 2,
        requireApiKey: 'yes',
        apiKeys: [{ ...KEY, key: 'short' }],
        allowedHosts: 'tunnel.example.com',
        allowedOrigins: [1],
        host: '',
        allowPrivateImageHosts: 'no',
        port: 'eighty',
        defaultModel: 'nova-pro',
      }),
    );
    await reload(store);
    expect(store.get()).toMatchObject({ requireApiKey: true, apiKeys: [KEY], allowedHosts: ['tunnel.example.com'], allowedOrigins: ['https://app.example.com'], host: '0.0.0.0', allowPrivateImageHosts: true, port: 8797, defaultModel: 'nova-pro' });
    expect(warnings.filter((w) => w.includes('keeps the value in use'))).toHaveLength(6);
    expect(warnings.filter((w) => w.includes('"port" is invalid') && w.includes('using the default'))).toHaveLength(1);
    expect(warnings.join('\n')).not.toContain(KEY.key);
    expect(store.problem).toBeUndefined();
  });

  test('many corrupt reloads make no backups; the file stays the user\'s', async () => {
    const dir = tempDir();
    const { store, warnings, file } = await openGuarded(dir);
    for (let n = 0; n < 10; n++) {
      writeFileSync(file, `{"broken": ${n}`);
      await reload(store);
    }
    await eventually(() => store.problem !== undefined, 3000);
    await reload(store);
    expect(readdirSync(dir).filter((f) => f.startsWith('settings.json.'))).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('{"broken": 9');
    expect(warnings.filter((w) => w.includes('could not be read'))).toHaveLength(1);
    store.close();
  });
});

describe('settings store: unreadable at start-up', () => {
  test('backups are capped: after many start-ups with a corrupt file only the newest few are kept', async () => {
    const dir = tempDir();
    for (let n = 0; n < 7; n++) {
      writeFileSync(join(dir, 'settings.json'), `{"broken": ${n}`);
      const { store, warnings } = await SettingsStore.open(dir);
      expect(store.get().requireApiKey).toBe(false);
      expect(store.problem).toBe(warnings[0]);
    }
    const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-')).sort();
    expect(backups).toHaveLength(MAX_CORRUPT_BACKUPS);
    expect(backups.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(['{"broken": 4', '{"broken": 5', '{"broken": 6']);
  });

  test('the reason never quotes the file (it holds keys), and the problem lasts until a save', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), `{"apiKeys": [{"key": "${KEY.key}"} x`);
    const { store, warnings } = await SettingsStore.open(dir);
    expect(warnings[0]).toContain('invalid JSON at line 1, column');
    expect(warnings[0]).toContain('defaults are in use');
    expect(warnings.join('\n')).not.toContain(KEY.key);
    const problems: Array<string | undefined> = [];
    store.on('problem', (p) => problems.push(p));
    await reload(store);
    expect(store.problem).toBe(warnings[0]);
    await store.update({ defaultModel: 'nova-pro' });
    expect(store.problem).toBeUndefined();
    expect(problems).toEqual([undefined]);
  });

  test('an invalid requireApiKey with nothing in use yet means on (the strictest value)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 2, requireApiKey: 'true', apiKeys: [KEY], host: '0.0.0.0' }));
    const { store, warnings } = await SettingsStore.open(dir);
    expect(store.get()).toMatchObject({ requireApiKey: true, apiKeys: [KEY], host: '0.0.0.0' });
    expect(warnings[0]).toContain('using the strictest value (true)');
  });
});

describe('settings store: saves next to other writers', () => {
  test('a slow in-place write by another program during a save is waited for and kept; the patch lands on top', async () => {
    const dir = tempDir();
    const { store } = await SettingsStore.open(dir, { settleMs: 2000 });
    await store.update({ defaultModel: 'nova-pro' });
    const file = join(dir, 'settings.json');
    const theirs = JSON.stringify({ version: 2, defaultModel: 'nova-pro', aliases: { fast: 'claude-haiku' } }, null, 2);
    // The other program truncates the file and writes the first part...
    const fd = openSync(file, 'w');
    writeSync(fd, theirs.slice(0, 25));
    let saved = false;
    const saving = store.update({ keepBodies: true }).then((s) => ((saved = true), s));
    // ...pauses (a slow disk, a sync tool) while the save runs, then finishes.
    await new Promise((r) => setTimeout(r, 300));
    expect(saved).toBe(false);
    writeSync(fd, theirs.slice(25));
    closeSync(fd);
    const result = await saving;
    expect(result).toMatchObject({ keepBodies: true, aliases: { fast: 'claude-haiku' }, defaultModel: 'nova-pro' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 2, defaultModel: 'nova-pro', aliases: { fast: 'claude-haiku' }, keepBodies: true });
  });

  test('a change made by another program that was not reloaded yet is merged into the next save', async () => {
    const dir = tempDir();
    const { store } = await SettingsStore.open(dir);
    await store.update({ defaultModel: 'nova-pro' });
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ version: 2, defaultModel: 'claude-opus', aliases: { fast: 'claude-haiku' } }));
    await store.update({ keepBodies: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 2, defaultModel: 'claude-opus', aliases: { fast: 'claude-haiku' }, keepBodies: true });
  });

  test('a save over a file that stays unreadable is refused and changes nothing; after the file is deleted, saves work again', async () => {
    const dir = tempDir();
    const { store, file } = await openGuarded(dir, 100);
    writeFileSync(file, '{"requireApiKey": fal');
    const err = await store.update({ keepBodies: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsConflictError);
    expect((err as SettingsConflictError).status).toBe(409);
    expect((err as Error).message).toContain('did not overwrite it');
    expect(readFileSync(file, 'utf8')).toBe('{"requireApiKey": fal');
    expect(store.get().keepBodies).toBe(false);
    expect(store.problem).toContain('keeps the last good settings');

    rmSync(file);
    await store.update({ keepBodies: true });
    expect(store.problem).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ requireApiKey: true, apiKeys: [KEY], keepBodies: true });
  });

  test('atomic: a reader in another thread never sees a partial settings.json while many saves run', async () => {
    const dir = tempDir();
    const { store } = await SettingsStore.open(dir);
    const file = join(dir, 'settings.json');
    // Big enough that a plain in-place write takes several chunks.
    const aliases = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`alias-${i}`, 'claude-haiku']));
    await store.update({ aliases });
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(
      `const { readFileSync } = require('node:fs'); const { workerData, parentPort } = require('node:worker_threads');
       let reads = 0, bad = 0;
       while (Atomics.load(workerData.stop, 0) === 0) { try { JSON.parse(readFileSync(workerData.file, 'utf8')); } catch { bad++; } reads++; }
       parentPort.postMessage({ reads, bad });`,
      { eval: true, workerData: { file, stop } },
    );
    const result = new Promise<{ reads: number; bad: number }>((resolve, reject) => reader.once('message', resolve).once('error', reject));
    for (let n = 0; n < 60; n++) await store.update({ defaultModel: `model-${n}` });
    Atomics.store(stop, 0, 1);
    const { reads, bad } = await result;
    expect(reads).toBeGreaterThan(0);
    expect(bad).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).defaultModel).toBe('model-59');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
