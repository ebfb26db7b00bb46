import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const REASONING_KEY_FILE = 'reasoning-key';

/**
 * The key that seals reasoning handed to Responses clients (encrypted_content): 32 random bytes,
 * made at first start and kept in Outcrop's home readable by the user only. A new key only means
 * older sealed reasoning is no longer trusted (the proxy then leaves it out).
 */
export async function loadReasoningKey(home: string): Promise<Buffer> {
  const file = join(home, REASONING_KEY_FILE);
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length === 32) {
      await chmod(file, 0o600);
      return key;
    }
  } catch {
    // No key yet: make one below.
  }
  const key = randomBytes(32);
  await mkdir(home, { recursive: true });
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return key;
}
