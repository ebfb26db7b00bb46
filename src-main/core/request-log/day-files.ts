import { appendFile, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// The request log on disk: one JSON line per request in requests-YYYY-MM-DD.jsonl, one file per
// UTC day, in a folder only the user can read (entries name clients, models and errors).

export const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_FILE = /^requests-(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The UTC day (YYYY-MM-DD) of an epoch-ms time. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The file name holding a day's entries. */
export function dayFileName(day: string): string {
  return `requests-${day}.jsonl`;
}

/** The `days` UTC days ending with the day of `endMs`, oldest first. */
export function dayRange(endMs: number, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(utcDay(endMs - i * DAY_MS));
  return out;
}

/** The day files in a folder with their days, oldest first; none when the folder does not exist. */
export async function listDayFiles(dir: string): Promise<Array<{ day: string; name: string }>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
  const files: Array<{ day: string; name: string }> = [];
  for (const name of names) {
    const match = DAY_FILE.exec(name);
    if (match) files.push({ day: match[1], name });
  }
  return files.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Appends lines to a day's file, creating the folder (0700) and the file (0600) when needed. */
export async function appendDayLines(dir: string, day: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await appendFile(join(dir, dayFileName(day)), `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** Deletes a day's file; a file already gone is not an error. */
export async function deleteDayFile(dir: string, day: string): Promise<void> {
  try {
    await unlink(join(dir, dayFileName(day)));
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

/** The JSON objects of a day's file, streamed line by line; malformed lines are skipped, a missing file yields nothing. */
export async function* readDayEntries(dir: string, day: string): AsyncGenerator<Record<string, unknown>> {
  let handle;
  try {
    handle = await open(join(dir, dayFileName(day)), 'r');
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  // The stream owns the handle from here (autoClose): destroying it closes the file.
  const stream = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (!line) continue;
      const value = parseLine(line);
      if (value) yield value;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // A line cut short by a crash or edited by hand: skip it, keep the rest of the day.
    return undefined;
  }
}

// ENOTDIR: the log folder's path is a file; there is nothing to read or delete there.
function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
