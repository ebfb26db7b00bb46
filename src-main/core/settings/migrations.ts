import { SETTINGS_VERSION } from '../../../src-shared/settings';

type Raw = Record<string, unknown>;

/**
 * Numbered migrations: MIGRATIONS[n] turns a version-n file into version n+1. A file without a
 * version is version 1 (the first format). Add a step here whenever the schema changes shape.
 */
export const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {};

/** Brings a raw settings object up to the current version. */
export function migrate(raw: Raw): Raw {
  let version = typeof raw.version === 'number' ? raw.version : 1;
  let out = raw;
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (step) out = step(out);
    version++;
  }
  return { ...out, version: SETTINGS_VERSION };
}
