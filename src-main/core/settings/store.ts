import { EventEmitter } from 'node:events';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, settingsSchema, SETTINGS_VERSION, type Settings } from '../../../src-shared/settings';
import { migrate } from './migrations';

export interface SettingsEvents {
  changed: [Settings];
  /** Something the user should be told: a corrupt file kept aside, an invalid field reset. */
  warning: [string];
}

export const SETTINGS_FILE = 'settings.json';

/**
 * The settings on disk (settings.json under Outcrop's home): validated per field, written
 * atomically with only non-default values, reloaded when the file changes.
 */
export class SettingsStore extends EventEmitter<SettingsEvents> {
  private current: Settings = defaultSettings();
  private watcher?: FSWatcher;
  private reloadTimer?: NodeJS.Timeout;
  private lastWritten?: string;
  /** File work in order: saves and reloads never overlap (see reloadIfChanged). */
  private fileQueue: Promise<void> = Promise.resolve();
  /** Counts update() calls, so that a reload can tell an update happened while it read. */
  private updates = 0;

  private constructor(readonly dir: string) {
    super();
  }

  /** Opens (and loads) the store in a folder; warnings found while loading are returned too. */
  static async open(dir: string): Promise<{ store: SettingsStore; warnings: string[] }> {
    const store = new SettingsStore(dir);
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

  /** Reads the file again; returns the warnings it produced. */
  async load(): Promise<string[]> {
    return this.readFileIn(() => true);
  }

  /** Reads the file and takes it in, unless `stillWanted()` says no once it is read. */
  private async readFileIn(stillWanted: () => boolean): Promise<string[]> {
    const warnings: string[] = [];
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      if (stillWanted()) this.current = defaultSettings();
      return warnings;
    }
    if (text === this.lastWritten || !stillWanted()) return warnings;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
    } catch (err) {
      const backup = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, backup);
      warnings.push(`Settings file ${this.file} could not be read (${(err as Error).message}); it was kept as ${backup} and defaults are in use.`);
      this.current = defaultSettings();
      this.report(warnings);
      return warnings;
    }
    const { settings, from } = migrate(raw as Record<string, unknown>);
    if (from > SETTINGS_VERSION) {
      warnings.push(`Settings file ${this.file} was written by a newer Outcrop (format ${from}); settings this version does not know are ignored.`);
    }
    this.current = parseFields(settings, warnings);
    if (from < SETTINGS_VERSION) {
      // Keep the old file, then store it in the current format.
      await copyFile(this.file, `${this.file}.v${from}-backup`);
      await this.save(this.current);
      warnings.push(`Settings were upgraded from format ${from} to ${SETTINGS_VERSION}; the old file is kept as ${this.file}.v${from}-backup.`);
    }
    this.report(warnings);
    return warnings;
  }

  /** Applies a partial change, validates it, saves atomically and announces it. */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.current, ...patch, version: SETTINGS_VERSION });
    this.current = next;
    this.updates++;
    await this.queued(() => this.save(next));
    this.emit('changed', next);
    return next;
  }

  /** Runs file work after the work already queued; a failed step does not stop the ones after it. */
  private queued(work: () => Promise<void>): Promise<void> {
    const run = this.fileQueue.then(work);
    this.fileQueue = run.catch(() => undefined);
    return run;
  }

  /** Reloads when the file is changed by someone else (an editor, another process). */
  async watch(): Promise<void> {
    if (this.watcher) return;
    await mkdir(this.dir, { recursive: true });
    this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
      if (name !== SETTINGS_FILE) return;
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => {
        // A reload that fails (the file vanished mid-read, a corrupt file that cannot be moved aside) keeps the settings in use.
        this.reloadIfChanged().catch((err: Error) => this.emit('warning', `Settings file ${this.file} could not be reloaded (${err.message}); the settings in use are unchanged.`));
      }, 50);
    });
  }

  close(): void {
    this.watcher?.close();
    clearTimeout(this.reloadTimer);
  }

  /**
   * Queued with the saves, so that it never reads the file halfway through one of ours. An update
   * made while it reads wins: its value is already current and its save is queued behind this
   * read, so what the read found is stale (taking it in reverted the update in memory).
   */
  private reloadIfChanged(): Promise<void> {
    return this.queued(async () => {
      if (!existsSync(this.file)) return;
      const before = JSON.stringify(this.current);
      const updates = this.updates;
      await this.readFileIn(() => this.updates === updates);
      if (JSON.stringify(this.current) !== before) this.emit('changed', this.current);
    });
  }

  private async save(settings: Settings): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const text = `${JSON.stringify(nonDefault(settings), null, 2)}\n`;
    const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, this.file);
    this.lastWritten = text;
  }

  private report(warnings: string[]): void {
    for (const w of warnings) this.emit('warning', w);
  }
}

/** Validates field by field: an invalid field falls back to its default with a warning. */
export function parseFields(raw: Record<string, unknown>, warnings: string[]): Settings {
  const shape = settingsSchema.shape;
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = shape[key as keyof typeof shape];
    if (!field) continue;
    const result = field.safeParse(value);
    if (result.success) clean[key] = result.data;
    else warnings.push(`Setting "${key}" is invalid (${result.error.issues[0]?.message ?? 'bad value'}); using the default.`);
  }
  return settingsSchema.parse(clean);
}

/** Only the values that differ from the defaults, plus the version (the file stays small and readable). */
export function nonDefault(settings: Settings): Partial<Settings> {
  const defaults = defaultSettings() as Record<string, unknown>;
  const out: Record<string, unknown> = { version: settings.version };
  for (const [key, value] of Object.entries(settings)) {
    if (key !== 'version' && JSON.stringify(value) !== JSON.stringify(defaults[key])) out[key] = value;
  }
  return out as Partial<Settings>;
}
