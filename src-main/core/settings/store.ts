import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { defaultSettings, settingsSchema, SETTINGS_VERSION, type Settings } from '../../../src-shared/settings';
import { parseFields, settingsText } from './fields';
import { migrate } from './migrations';
import { keepCorruptCopy, parseSettingsText, readText, writeAtomic } from './settings-file';

export { nonDefault, parseFields } from './fields';

export interface SettingsEvents {
  changed: [Settings];
  /** Something the user should be told: a corrupt file, an invalid field reset. */
  warning: [string];
  /** The settings file's problem (the UI shows it while it lasts), or undefined once it is gone. */
  problem: [string | undefined];
}

export interface SettingsStoreOptions {
  /**
   * How long a file that does not parse may stay so before it counts as corrupt (an editor or
   * a sync tool may be halfway through writing it); a save waits this long for it too.
   */
  settleMs?: number;
}

export const SETTINGS_FILE = 'settings.json';
const DEFAULT_SETTLE_MS = 1000;
// Saves that find the file changed again just before their rename try again this often.
const SAVE_ATTEMPTS = 5;

/** A save that would overwrite a settings file someone else is writing or has left unreadable (409 in the admin API). */
export class SettingsConflictError extends Error {
  readonly status = 409;
}

/**
 * The settings on disk (settings.json under Outcrop's home): validated per field, written
 * atomically with only non-default values, reloaded when the file changes. It fails closed: a
 * file that stops parsing while Outcrop runs leaves the settings in use (and the file) alone and
 * is reported as a `problem`; a save never overwrites a change made by someone else.
 */
export class SettingsStore extends EventEmitter<SettingsEvents> {
  private current: Settings = defaultSettings();
  /** The file's text as last taken in or written here: anything else on disk is someone else's change. */
  private known?: string;
  private problemImpl?: { message: string; atStart: boolean };
  /** When a reload first found the file unparseable, while it may still be mid-write. */
  private unreadableSince?: number;
  private watcher?: FSWatcher;
  private reloadTimer?: NodeJS.Timeout;
  private recheckTimer?: NodeJS.Timeout;
  private readonly settleMs: number;
  /** File work in order: saves and reloads never overlap. */
  private fileQueue: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string, opts: SettingsStoreOptions) {
    super();
    this.settleMs = opts.settleMs ?? DEFAULT_SETTLE_MS;
  }

  /** Opens (and loads) the store in a folder; warnings found while loading are returned too. */
  static async open(dir: string, opts: SettingsStoreOptions = {}): Promise<{ store: SettingsStore; warnings: string[] }> {
    const store = new SettingsStore(dir, opts);
    const warnings = await store.load();
    return { store, warnings };
  }

  get file(): string {
    return join(this.dir, SETTINGS_FILE);
  }

  /** The current settings snapshot (a new object on every change, never mutated). */
  get(): Settings {
    return this.current;
  }

  /** What is wrong with the settings file right now, for the UI's banner; undefined when nothing is. */
  get problem(): string | undefined {
    return this.problemImpl?.message;
  }

  /**
   * Reads the file at start-up. With nothing in use yet, a corrupt file is moved aside (the
   * newest few backups are kept) and the defaults are used: Outcrop then listens on this machine
   * only and a non-loopback host is refused until keys are set again.
   */
  async load(): Promise<string[]> {
    const warnings: string[] = [];
    const text = await readText(this.file);
    if (text === undefined) return warnings;
    const parsed = parseSettingsText(text);
    if ('error' in parsed) {
      const backup = await keepCorruptCopy(this.file);
      const message = `Settings file ${this.file} could not be read (${parsed.error}); it was kept as ${backup} and defaults are in use: Outcrop listens on this machine only and requires no API key. Fix the backup and put it back, or save your settings again.`;
      warnings.push(message);
      this.setProblem({ message, atStart: true });
      this.current = defaultSettings();
      return warnings;
    }
    await this.takeIn(text, parsed.raw, warnings, undefined);
    return warnings;
  }

  /**
   * Applies a partial change, validates it, saves atomically and announces it. A change someone
   * else made to the file since it was last read is taken in first and the patch applied on top;
   * a file that does not parse (after waiting settleMs for a writer to finish) is not
   * overwritten: the save fails with a SettingsConflictError and nothing changes.
   */
  async update(patch: Partial<Settings>): Promise<Settings> {
    settingsSchema.parse({ ...this.current, ...patch, version: SETTINGS_VERSION });
    return this.queued(async () => {
      for (let attempt = 1; ; attempt++) {
        const onDisk = await this.catchUp();
        const next = settingsSchema.parse({ ...this.current, ...patch, version: SETTINGS_VERSION });
        if (await this.save(next, { text: onDisk })) {
          this.current = next;
          if (this.problemImpl) this.setProblem(undefined);
          this.emit('changed', next);
          return next;
        }
        if (attempt === SAVE_ATTEMPTS) throw new SettingsConflictError(`Settings file ${this.file} keeps changing while Outcrop saves; nothing was saved. Try again once the other program is done with it.`);
      }
    });
  }

  /** Reloads when the file is changed by someone else (an editor, another process). */
  async watch(): Promise<void> {
    if (this.watcher) return;
    await mkdir(this.dir, { recursive: true });
    this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
      if (name !== SETTINGS_FILE) return;
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => this.reloadSoon(), 50);
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.reloadTimer);
    clearTimeout(this.recheckTimer);
  }

  /** Runs file work after the work already queued; a failed step does not stop the ones after it. */
  private queued<T>(work: () => Promise<T>): Promise<T> {
    const run = this.fileQueue.then(work);
    this.fileQueue = run.catch(() => undefined);
    return run;
  }

  // A reload that fails (the file cannot be read at all: permissions, a folder in its place) keeps
  // the settings in use and is a problem the UI shows, like a file that does not parse.
  private reloadSoon(): void {
    this.reloadIfChanged().catch((err: NodeJS.ErrnoException) => this.unreadable(err.code ?? err.message, true));
  }

  /**
   * Queued with the saves, so that it never reads the file halfway through one of ours. A file
   * that does not parse changes nothing: it is left where it is (its writer may not be done) and
   * counts as a problem only when it still does not parse settleMs later.
   */
  private reloadIfChanged(): Promise<void> {
    return this.queued(async () => {
      const text = await readText(this.file);
      // Deleted: the settings in use stay, and the next save writes them back.
      if (text === undefined) return this.readable(!this.problemImpl?.atStart);
      if (text === this.known) return this.readable(true);
      const parsed = parseSettingsText(text);
      if ('error' in parsed) return this.unreadable(parsed.error);
      this.readable(true);
      await this.takeInChange(text, parsed.raw);
    });
  }

  /** Before a save: takes in what someone else wrote; returns the text the save replaces. */
  private async catchUp(): Promise<string | undefined> {
    let text = await readText(this.file);
    if (text === undefined || text === this.known) return text;
    let parsed = parseSettingsText(text);
    // A writer may be halfway through: wait while the text keeps changing, up to a limit.
    const started = Date.now();
    let changedAt = started;
    while ('error' in parsed && Date.now() - changedAt < this.settleMs && Date.now() - started < 5 * this.settleMs) {
      await delay(25);
      const again = await readText(this.file);
      if (again === undefined) return undefined;
      if (again !== text) [text, parsed, changedAt] = [again, parseSettingsText(again), Date.now()];
    }
    if ('error' in parsed) {
      this.unreadable(parsed.error, true);
      throw new SettingsConflictError(`Settings file ${this.file} could not be read (${parsed.error}), so Outcrop did not overwrite it and nothing was saved: fix or delete the file, then save again.`);
    }
    if (text !== this.known) await this.takeInChange(text, parsed.raw);
    return text;
  }

  private async takeInChange(text: string, raw: Record<string, unknown>): Promise<void> {
    const before = JSON.stringify(this.current);
    const warnings: string[] = [];
    await this.takeIn(text, raw, warnings, this.current);
    for (const w of warnings) this.emit('warning', w);
    if (JSON.stringify(this.current) !== before) this.emit('changed', this.current);
  }

  /** Makes a parsed file the settings in use (migrating an old format); `inUse` guards security fields. */
  private async takeIn(text: string, raw: Record<string, unknown>, warnings: string[], inUse: Settings | undefined): Promise<void> {
    const { settings, from } = migrate(raw);
    if (from > SETTINGS_VERSION) {
      warnings.push(`Settings file ${this.file} was written by a newer Outcrop (format ${from}); settings this version does not know are ignored.`);
    }
    this.current = parseFields(settings, warnings, inUse);
    this.known = text;
    if (this.problemImpl) this.setProblem(undefined);
    if (from < SETTINGS_VERSION) {
      // Keep the old file, then store it in the current format.
      await copyFile(this.file, `${this.file}.v${from}-backup`);
      await this.save(this.current);
      warnings.push(`Settings were upgraded from format ${from} to ${SETTINGS_VERSION}; the old file is kept as ${this.file}.v${from}-backup.`);
    }
  }

  /** The file parses again (or is as last read): a problem it caused is over. */
  private readable(clearProblem: boolean): void {
    this.unreadableSince = undefined;
    clearTimeout(this.recheckTimer);
    if (clearProblem && this.problemImpl) this.setProblem(undefined);
  }

  /** The file does not parse: reported (once) when it stays so for settleMs, or at once when `now`. */
  private unreadable(reason: string, now = false): void {
    this.unreadableSince ??= Date.now();
    if (!now && Date.now() - this.unreadableSince < this.settleMs) {
      clearTimeout(this.recheckTimer);
      this.recheckTimer = setTimeout(() => this.reloadSoon(), this.settleMs);
      return;
    }
    const message = `Settings file ${this.file} could not be read (${reason}): Outcrop keeps the last good settings; fix or delete the file.`;
    const reported = this.problemImpl && !this.problemImpl.atStart;
    if (!reported) this.emit('warning', message);
    if (this.problemImpl?.message !== message) this.setProblem({ message, atStart: false });
  }

  private setProblem(problem: { message: string; atStart: boolean } | undefined): void {
    this.problemImpl = problem;
    this.emit('problem', problem?.message);
  }

  /** Writes atomically; with `expected`, only if the file still holds that text (else false). */
  private async save(settings: Settings, expected?: { text: string | undefined }): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    const text = settingsText(settings);
    const check = expected ? async () => (await readText(this.file)) === expected.text : undefined;
    if (!(await writeAtomic(this.file, text, check))) return false;
    this.known = text;
    return true;
  }
}
