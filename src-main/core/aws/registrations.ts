import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** An SSO-OIDC client registration (RegisterClient), reusable until it expires. */
export interface Registration {
  clientId: string;
  clientSecret: string;
  /** RFC 3339. */
  expiresAt: string;
}

/**
 * Client registrations cached under Outcrop's home (0600), one per start URL, region, flow and
 * scopes, so a sign-in does not register a new client every time.
 */
export class RegistrationStore {
  constructor(private readonly dir: string) {}

  private get file(): string {
    return join(this.dir, 'sso-registrations.json');
  }

  /** A cached registration with more than a day left, if any. */
  async get(key: string, now = Date.now()): Promise<Registration | undefined> {
    const all = await this.readAll();
    const reg = all[key];
    return reg && Date.parse(reg.expiresAt) - now > 24 * 3600_000 ? reg : undefined;
  }

  async set(key: string, reg: Registration): Promise<void> {
    const all = await this.readAll();
    all[key] = reg;
    await this.writeAll(all);
  }

  async delete(key: string): Promise<void> {
    const all = await this.readAll();
    delete all[key];
    await this.writeAll(all);
  }

  private async readAll(): Promise<Record<string, Registration>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, Registration>;
    } catch {
      return {};
    }
  }

  private async writeAll(all: Record<string, Registration>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
    await rename(temp, this.file);
  }
}
