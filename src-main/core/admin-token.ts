import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/** The admin API token: generated at first start, kept in Outcrop's home readable by the user only. */
export async function loadAdminToken(home: string): Promise<string> {
  const file = join(home, ADMIN_TOKEN_FILE);
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token.length >= 32) {
      await chmod(file, 0o600);
      return token;
    }
  } catch {
    // No token yet: make one below.
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(home, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}
