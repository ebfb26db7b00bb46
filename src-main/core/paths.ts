import { homedir } from 'node:os';
import { join } from 'node:path';

/** Outcrop's data folder: $OUTCROP_HOME, else the platform's app-data folder. */
export function outcropHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.OUTCROP_HOME) return env.OUTCROP_HOME;
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Outcrop');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Outcrop');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'outcrop');
}
