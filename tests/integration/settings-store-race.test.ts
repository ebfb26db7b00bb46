import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';

// A reload of settings.json (the file watcher) must never undo an update made while it read the
// file. The read is held open here until the update has been saved, which is the interleaving that
// once reverted a removed caching override in memory while the file had the removal.

const hold = vi.hoisted(() => ({ next: undefined as Promise<unknown> | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    readFile: (async (...args: Parameters<typeof real.readFile>) => {
      const gate = hold.next;
      hold.next = undefined;
      const text = await real.readFile(...args);
      if (gate) await gate;
      return text;
    }) as typeof real.readFile,
  };
});

const { SettingsStore } = await import('../../src-main/core/settings/store');

describe('settings store: reloads and updates', () => {
  test('an update made while a reload reads the file wins, in memory and on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-settings-race-'));
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
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-settings-race-'));
    const { store } = await SettingsStore.open(dir);
    const save = vi.spyOn(store as unknown as { save(s: unknown): Promise<void> }, 'save').mockRejectedValueOnce(new Error('disk full'));
    await expect(store.update({ defaultModel: 'nova-pro' })).rejects.toThrow('disk full');
    save.mockRestore();
    await store.update({ defaultModel: 'claude-haiku' });
    const { store: reopened } = await SettingsStore.open(dir);
    expect(reopened.get().defaultModel).toBe('claude-haiku');
  });
});
