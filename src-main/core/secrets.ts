import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where secrets (a Bedrock API key) live; never in settings.json. */
export interface SecretStore {
  /** Where the secrets are kept, said in words for the user. */
  readonly description: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string | undefined): Promise<void>;
}

/** Something that can seal a string for this user only (Electron's safeStorage, the OS keychain). */
export interface Sealer {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Secrets in a file under Outcrop's home, readable by the user only (0600). With a sealer (the OS
 * keychain, in the desktop app) the values are encrypted; headless, the file mode protects them.
 */
export class FileSecretStore implements SecretStore {
  constructor(private readonly dir: string, private readonly sealer?: Sealer) {}

  get description(): string {
    return this.sealer ? 'encrypted with the OS keychain' : `in ${this.file}, readable only by you`;
  }

  private get file(): string {
    return join(this.dir, 'secrets.json');
  }

  async get(name: string): Promise<string | undefined> {
    const value = (await this.readAll())[name];
    if (value === undefined) return undefined;
    return this.sealer ? this.sealer.decrypt(Buffer.from(value, 'base64')) : value;
  }

  async set(name: string, value: string | undefined): Promise<void> {
    const all = await this.readAll();
    if (value === undefined || value === '') delete all[name];
    else all[name] = this.sealer ? this.sealer.encrypt(value).toString('base64') : value;
    await mkdir(this.dir, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
    await rename(temp, this.file);
  }

  private async readAll(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }
}

export const BEDROCK_API_KEY = 'bedrock-api-key';
