import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { eventually } from '../support/harness';

// Reloads of settings.json (the file watcher) next to the store's own saves. A reload must never
// undo an update made while it read the file: the read is held open here until the update has
// been saved, the interleaving that once reverted a removed caching override in memory while the
// file had the removal. A reload or a save that fails must not stop the store, and a failed save
// changes nothing (memory, file) and leaves no temp file behind.

const hold = vi.hoisted(() => ({ next: undefined as Promise<unknown> | undefined, failRename: false, failRead: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    readFile: (async (...args: Parameters<typeof real.readFile>) => {
      if (hold.failRead) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      const gate = hold.next;
      hold.next = undefined;
      const text = await real.readFile(...args);
      if (gate) await gate;
      return text;
    }) as typeof real.readFile,
    rename: (async (...args: Parameters<typeof real.rename>) => {
      if (hold.failRename) throw new Error('EBUSY: resource busy or locked');
      return real.rename(...args);
    }) as typeof real.rename,
  };
});

const { SettingsStore } = await import('../../src-main/core/settings/store');

describe('settings store: reloads and updates', () => {
  test('an update made while a reload reads the file wins, in memory and on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-settings-reload-'));
    const { store } = await SettingsStore.open(dir);
    await store.update({ cachingPerModel: { 'claude-haiku': {} } });
    const seen: unknown[] = [];
    store.on('changed', (s) => seen.push(s.cachingPerModel));

    // The reload's read is held until the update below is saved (or 300 ms, if saves wait for reloads).
    let release!: () => void;
    hold.next = new Promise<void>((r) => {
      release = r;
      setTimeout(r, 300);
    });
    const reload = (store as unknown as { reloadIfChanged(): Promise<void> }).reloadIfChanged();
    // The user's edit lands while the reload reads the file as it was before the edit.
    const update = store.update({ cachingPerModel: {} }).then((s) => (release(), s));
    await Promise.all([reload, update]);

    expect(store.get().cachingPerModel).toEqual({});
    expect(seen.at(-1)).toEqual({});
    const { store: reopened } = await SettingsStore.open(dir);
    expect(reopened.get().cachingPerModel).toEqual({});
  });

  test('a failed save does not stop later saves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-settings-reload-'));
    const { store } = await SettingsStore.open(dir);
    const save = vi.spyOn(store as unknown as { save(s: unknown): Promise<void> }, 'save').mockRejectedValueOnce(new Error('disk full'));
    await expect(store.update({ defaultModel: 'nova-pro' })).rejects.toThrow('disk full');
    save.mockRestore();
    await store.update({ defaultModel: 'claude-haiku' });
    const { store: reopened } = await SettingsStore.open(dir);
    expect(reopened.get().defaultModel).toBe('claude-haiku');
  });

  test('a reload that cannot read the file keeps the settings in use and says why; the store keeps working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-settings-reload-'));
    const { store } = await SettingsStore.open(dir);
    await store.update({ defaultModel: 'nova-pro' });
    const warnings: string[] = [];
    const problems: (string | undefined)[] = [];
    store.on('warning', (w) => warnings.push(w));
    store.on('problem', (p) => problems.push(p));
    await store.watch();
    try {
      hold.failRead = true;
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 2, defaultModel: 'claude-opus' }));
      await eventually(() => warnings.join('\n').includes('could not be read (EACCES)'));
      expect(store.get().defaultModel).toBe('nova-pro');
      // Shown in the UI like a corrupt file, not only logged.
      expect(problems.at(-1)).toContain('could not be read (EACCES)');
    } finally {
      hold.failRead = false;
      store.close();
    }
    await store.update({ defaultModel: 'claude-haiku' });
    expect(store.get().defaultModel).toBe('claude-haiku');
  });

  test('a save whose rename fails leaves the file as it was, no temp file, and the settings in use unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-settings-reload-'));
    const { store } = await SettingsStore.open(dir);
    await store.update({ defaultModel: 'nova-pro' });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    hold.failRename = true;
    try {
      await expect(store.update({ defaultModel: 'claude-haiku' })).rejects.toThrow('EBUSY');
    } finally {
      hold.failRename = false;
    }
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(store.get().defaultModel).toBe('nova-pro');
  });
});
