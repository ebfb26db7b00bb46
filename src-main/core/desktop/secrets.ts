import { join } from 'node:path';
import { FileSecretStore, type Sealer, type SecretStore } from '../secrets';

/**
 * True when Electron's safeStorage really protects data: available, and on Linux backed by a
 * keyring — its "basic_text" fallback encrypts with a fixed password, no better than a 0600 file.
 * https://www.electronjs.org/docs/latest/api/safe-storage#safestoragegetselectedstoragebackend-linux
 */
export function sealerUsable(opts: { available: boolean; platform: NodeJS.Platform; backend?: string }): boolean {
  if (!opts.available) return false;
  return opts.platform !== 'linux' || (opts.backend !== undefined && opts.backend !== 'basic_text' && opts.backend !== 'unknown');
}

/**
 * The desktop app's secret store. Sealed values go to their own file (home/sealed/secrets.json):
 * the headless server, which has no keychain, keeps reading its plain 0600 file and never mistakes
 * ciphertext for a key. A value the keychain can no longer open (a new keychain, another user)
 * reads as missing instead of stopping the app from starting.
 */
export function desktopSecretStore(home: string, sealer?: Sealer): SecretStore {
  if (!sealer) return new FileSecretStore(home);
  const inner = new FileSecretStore(join(home, 'sealed'), sealer);
  return {
    get description() {
      return inner.description;
    },
    async get(name) {
      try {
        return await inner.get(name);
      } catch {
        return undefined;
      }
    },
    set: (name, value) => inner.set(name, value),
  };
}
