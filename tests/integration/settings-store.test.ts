import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SettingsStore } from '../../src-main/core/settings/store';
import { defaultSettings } from '../../src-shared/settings';
import { eventually } from '../support/harness';

const tempDir = () => mkdtempSync(join(tmpdir(), 'outcrop-settings-'));

describe('settings store', () => {
  test('a missing file means defaults', async () => {
    const { store, warnings } = await SettingsStore.open(tempDir());
    expect(store.get()).toEqual(defaultSettings());
    expect(warnings).toEqual([]);
  });

  test('round trip: only non-default values are written, atomically, 0600', async () => {
    const dir = tempDir();
    const { store } = await SettingsStore.open(dir);
    await store.update({ aliases: { fast: 'claude-haiku' }, defaultModel: 'nova-pro' });
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(saved).toEqual({ version: 2, aliases: { fast: 'claude-haiku' }, defaultModel: 'nova-pro' });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const { store: again } = await SettingsStore.open(dir);
    expect(again.get().aliases).toEqual({ fast: 'claude-haiku' });
    expect(again.get().defaultModel).toBe('nova-pro');
  });

  test('a file that does not parse is kept aside and the user is told', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{"aliases": {"x": ');
    const { store, warnings } = await SettingsStore.open(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(warnings[0]).toContain('could not be read');
    const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]), 'utf8')).toBe('{"aliases": {"x": ');
  });

  test('an invalid field falls back to its default with a warning; the rest is kept', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 2, port: 'eighty', defaultModel: 'nova-lite', unknownThing: 1 }));
    const { store, warnings } = await SettingsStore.open(dir);
    expect(store.get().port).toBe(8797);
    expect(store.get().defaultModel).toBe('nova-lite');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"port"');
  });

  test('an update with an invalid value is refused and nothing changes', async () => {
    const { store } = await SettingsStore.open(tempDir());
    await expect(store.update({ port: -5 } as never)).rejects.toThrow();
    expect(store.get().port).toBe(8797);
  });

  test('edits by someone else are picked up live', async () => {
    const dir = tempDir();
    const { store } = await SettingsStore.open(dir);
    await store.watch();
    const seen: string[] = [];
    store.on('changed', (s) => seen.push(s.defaultModel));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 2, defaultModel: 'claude-opus' }));
    await eventually(() => store.get().defaultModel === 'claude-opus', 3000);
    expect(seen).toContain('claude-opus');
    store.close();
  });

  test('concurrent updates all land, in order', async () => {
    const dir = tempDir();
    const { store } = await SettingsStore.open(dir);
    await Promise.all([store.update({ defaultModel: 'a-1.x' }), store.update({ aliases: { b: 'nova-pro' } }), store.update({ defaultModel: 'c-3.x' })]);
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(saved.defaultModel).toBe('c-3.x');
    expect(saved.aliases).toEqual({ b: 'nova-pro' });
  });
});

describe('settings migrations', () => {
  test('a version-1 file is upgraded: plain key strings get names and ids, caching on/off becomes per place; the old file is kept', async () => {
    const dir = tempDir();
    const v1 = JSON.stringify({ version: 1, apiKeys: ['oc-abcdefghijklmnop0001'], caching: false, defaultModel: 'nova-pro' });
    writeFileSync(join(dir, 'settings.json'), v1);
    const { store, warnings } = await SettingsStore.open(dir);
    expect(store.get().apiKeys).toEqual([{ id: expect.any(String), name: 'Key 1', key: 'oc-abcdefghijklmnop0001', createdAt: expect.any(String) }]);
    expect(store.get().caching).toEqual({ system: false, tools: false, conversation: false });
    expect(store.get().defaultModel).toBe('nova-pro');
    expect(warnings.join(' ')).toContain('upgraded from format 1 to 2');
    expect(readFileSync(join(dir, 'settings.json.v1-backup'), 'utf8')).toBe(v1);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).version).toBe(2);
    // Opening again finds nothing left to migrate.
    expect((await SettingsStore.open(dir)).warnings).toEqual([]);
  });

  test('a file from a newer Outcrop is read with a warning', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 99, defaultModel: 'nova-lite', someFutureThing: true }));
    const { store, warnings } = await SettingsStore.open(dir);
    expect(store.get().defaultModel).toBe('nova-lite');
    expect(warnings[0]).toContain('newer Outcrop');
  });
});
