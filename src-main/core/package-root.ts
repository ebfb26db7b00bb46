import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Outcrop's folder (the one with its package.json), found from a module's URL: the same answer
 * from the sources under tsx (src-main/…), from the headless bundle (dist/cli/) and from the
 * Electron bundle (dist/main/, also inside app.asar).
 */
export function packageRoot(moduleUrl: string | URL): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'outcrop') return dir;
      } catch {
        // Not ours (or unreadable): keep looking upwards.
      }
    }
    if (dirname(dir) === dir) return join(start, '..', '..');
  }
}
