import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResponsePersistence, StoredResponse, StoreLimits } from '../../src-proxy/protocols/openai-responses/response-store';

export const RESPONSES_DIR = 'responses';

// Responses kept with store:true, one JSON file each (0600, written to a temp file and renamed),
// when the user opts in (responsesStore.keepOnDisk). They can hold whatever the user and the model
// wrote, so nothing is written while the setting is off, and turning it off deletes the folder.

export interface ResponseFilesOptions {
  /** The folder (created on first write). */
  dir: string;
  /** True while the user wants responses kept on disk; read on every write. */
  enabled: () => boolean;
  /** The store's limits, applied to the files too. */
  limits: () => StoreLimits;
  /** A file that could not be read or written. */
  warn: (message: string) => void;
}

interface FileBody {
  id: string;
  /** Order of storing across restarts: the lowest is the oldest. */
  seq: number;
  value: StoredResponse;
}

const ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The core's ResponsePersistence: files under the Outcrop home, bounded like the in-memory store. */
export class ResponseFiles implements ResponsePersistence {
  /** Kept files, oldest first. */
  private readonly index = new Map<string, number>();
  private bytes = 0;
  private seq = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ResponseFilesOptions) {}

  /** The kept responses, oldest first; an unreadable file is removed with a warning. While off, deletes any left over. */
  async load(): Promise<Array<{ id: string; value: StoredResponse }>> {
    await this.flush();
    if (!this.opts.enabled()) {
      await this.clear();
      return [];
    }
    let names: string[];
    try {
      names = await readdir(this.opts.dir);
    } catch {
      return [];
    }
    const found: FileBody[] = [];
    for (const name of names) {
      const file = join(this.opts.dir, name);
      if (name.includes('.tmp-')) {
        await unlink(file).catch(() => undefined); // a write cut short by a crash
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        found.push(parseBody(await readFile(file, 'utf8'), name.slice(0, -'.json'.length)));
      } catch (err) {
        this.opts.warn(`A kept Responses API response (${file}) could not be read and was removed: ${(err as Error).message}`);
        await unlink(file).catch(() => undefined);
      }
    }
    found.sort((a, b) => a.seq - b.seq);
    this.index.clear();
    this.bytes = 0;
    for (const body of found) this.track(body.id, sizeOf(body.value));
    this.seq = found.length ? found[found.length - 1].seq + 1 : 0;
    return found.map(({ id, value }) => ({ id, value }));
  }

  /** Writes a response (when keeping on disk is on) and deletes the oldest files beyond the limits. */
  save(id: string, value: StoredResponse): void {
    if (!this.opts.enabled() || !ID.test(id)) return;
    const body: FileBody = { id, seq: this.seq++, value };
    this.enqueue(async () => {
      await mkdir(this.opts.dir, { recursive: true, mode: 0o700 });
      const file = this.fileOf(id);
      const temp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
      try {
        await writeFile(temp, JSON.stringify(body), { mode: 0o600 });
        await rename(temp, file);
      } catch (err) {
        await unlink(temp).catch(() => undefined);
        throw err;
      }
      this.untrack(id);
      this.track(id, sizeOf(value));
      await this.evict();
    });
  }

  /** Deletes a response's file, if there is one. */
  remove(id: string): void {
    if (!ID.test(id)) return;
    this.enqueue(() => this.unlinkOne(id));
  }

  /** Deletes every kept response and the folder (keeping on disk was turned off). */
  clear(): Promise<void> {
    this.enqueue(async () => {
      await rm(this.opts.dir, { recursive: true, force: true });
      this.index.clear();
      this.bytes = 0;
    });
    return this.flush();
  }

  /** Resolves once every write and delete asked for so far is done. */
  flush(): Promise<void> {
    return this.queue;
  }

  /** Number of kept files and the bytes of their responses (as the in-memory store counts them). */
  get stats(): { count: number; bytes: number } {
    return { count: this.index.size, bytes: this.bytes };
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: Error) => this.opts.warn(`Kept Responses API responses (${this.opts.dir}): ${err.message}`));
  }

  private async evict(): Promise<void> {
    const { maxResponses, maxBytes } = this.opts.limits();
    while (this.index.size > 0 && (this.index.size > maxResponses || this.bytes > maxBytes)) {
      await this.unlinkOne(this.index.keys().next().value as string);
    }
  }

  private async unlinkOne(id: string): Promise<void> {
    this.untrack(id);
    await unlink(this.fileOf(id)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  private track(id: string, bytes: number): void {
    this.index.set(id, bytes);
    this.bytes += bytes;
  }

  private untrack(id: string): void {
    const bytes = this.index.get(id);
    if (bytes === undefined) return;
    this.index.delete(id);
    this.bytes -= bytes;
  }

  private fileOf(id: string): string {
    return join(this.opts.dir, `${id}.json`);
  }
}

const sizeOf = (value: StoredResponse): number => Buffer.byteLength(JSON.stringify(value));

// Only the shape the store relies on is checked; the file is Outcrop's own, written by save().
function parseBody(text: string, name: string): FileBody {
  const body = JSON.parse(text) as Partial<FileBody> | null;
  const v = body?.value as Partial<StoredResponse> | undefined;
  const ok =
    body && body.id === name && typeof body.seq === 'number' && v && typeof v.response === 'object' && v.response !== null &&
    Array.isArray(v.input) && Array.isArray(v.output) && Array.isArray(v.ownInput);
  if (!ok) throw new Error('not a stored response');
  return body as FileBody;
}
