import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// File work for settings.json: read it, judge it, write it atomically, keep a corrupt copy.

/** Corrupt-file backups kept next to settings.json (the oldest go first). */
export const MAX_CORRUPT_BACKUPS = 3;

/** The file's text, or undefined when there is no file. */
export async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The settings object in a file's text, or why there is none. The reason never quotes the text:
 * V8's JSON messages can, and the file holds client API keys (the reason reaches logs and the UI).
 */
export function parseSettingsText(text: string): { raw: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { error: 'the file is empty' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message);
    if (position && Number(position[1]) < text.length) {
      const before = text.slice(0, Number(position[1])).split('\n');
      return { error: `invalid JSON at line ${before.length}, column ${before.at(-1)!.length + 1}` };
    }
    // A parser that stops at the very end (or says so) found a file cut off mid-value.
    return { error: position || /end of JSON/i.test((err as Error).message) ? 'the JSON ends too early, as if cut off' : 'invalid JSON' };
  }
  if (raw === null || typeof raw !== 'object') return { error: 'not a JSON object' };
  if (Array.isArray(raw)) return { error: 'a JSON array, not an object' };
  return { raw: raw as Record<string, unknown> };
}

/**
 * Writes a file so that readers only ever see the old or the new content: a 0600 temp file in the
 * same folder, fsync, then rename over the file. `beforeRename` may call it off (it returns
 * false, e.g. the file changed under us); the temp file is removed then and on any failure.
 */
export async function writeAtomic(file: string, text: string, beforeRename?: () => Promise<boolean>): Promise<boolean> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (beforeRename && !(await beforeRename())) return false;
    await rename(temp, file);
    renamed = true;
    await syncFolder(dirname(file));
    return true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

// The rename itself survives a power cut only once the folder is flushed; Windows cannot open a
// folder for that, and the write is already complete, so a failure here is not an error.
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

/** Moves a corrupt file aside as `<file>.corrupt-<time>` and keeps only the newest backups; returns the backup's path. */
export async function keepCorruptCopy(file: string, keep = MAX_CORRUPT_BACKUPS): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const prefix = `${basename(file)}.corrupt-`;
  const taken = new Set(await readdir(dirname(file)));
  let name = `${prefix}${stamp}`;
  for (let n = 2; taken.has(name); n++) name = `${prefix}${stamp}-${n}`;
  const backup = join(dirname(file), name);
  await rename(file, backup);
  // ISO time stamps sort by time as text (a -2 suffix sorts after its plain twin).
  const backups = [...taken, name].filter((f) => f.startsWith(prefix)).sort();
  for (const old of backups.slice(0, Math.max(0, backups.length - keep))) await unlink(join(dirname(file), old)).catch(() => undefined);
  return backup;
}
