import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { writeAtomic } from '../../src-main/core/settings/settings-file';

// The atomic settings write (issue 17) is only atomic across a power cut if the temp file's data
// reaches the disk before the rename makes it the settings file: otherwise the rename can land
// first and leave an empty settings.json. Nothing observable from a running process shows a
// missing fsync, so the file calls the write makes are recorded, in order, by wrapping the real
// node:fs/promises functions.

const calls: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: (async (...args: Parameters<typeof real.open>) => {
      const path = String(args[0]);
      const handle = await real.open(...args);
      // Wrapped on the handle itself: the write, the sync and the close are its methods.
      for (const method of ['writeFile', 'sync', 'close'] as const) {
        const original = handle[method].bind(handle) as (...a: unknown[]) => Promise<void>;
        (handle as unknown as Record<string, unknown>)[method] = async (...a: unknown[]) => {
          calls.push(`${method} ${path}`);
          return original(...a);
        };
      }
      return handle;
    }) as typeof real.open,
    rename: (async (...args: Parameters<typeof real.rename>) => {
      calls.push(`rename ${String(args[0])} -> ${String(args[1])}`);
      return real.rename(...args);
    }) as typeof real.rename,
  };
});

let dir: string;
beforeEach(async () => {
  calls.length = 0;
  dir = await mkdtemp(join(tmpdir(), 'outcrop-fsync-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

test('the temp file is written, synced to disk and closed before it is renamed over settings.json', async () => {
  const file = join(dir, 'settings.json');
  expect(await writeAtomic(file, '{"a":1}')).toBe(true);

  const rename = calls.findIndex((c) => c.startsWith('rename '));
  expect(rename, calls.join('\n')).toBeGreaterThan(-1);
  const temp = calls[rename].slice('rename '.length).split(' -> ')[0];
  expect(calls[rename]).toBe(`rename ${temp} -> ${file}`);
  expect(temp.startsWith(join(dir, '.settings.json.'))).toBe(true);
  // Exactly this order on the temp file's handle, all before the rename.
  expect(calls.slice(0, rename)).toEqual([`writeFile ${temp}`, `sync ${temp}`, `close ${temp}`]);
  expect(await readFile(file, 'utf8')).toBe('{"a":1}');
  expect(await readdir(dir)).toEqual(['settings.json']);
});
