import { randomUUID } from 'node:crypto';
import { SETTINGS_VERSION } from '../../../src-shared/settings';

type Raw = Record<string, unknown>;

/**
 * Numbered migrations: MIGRATIONS[n] turns a version-n file into version n+1. A file without a
 * version is version 1 (the first format). Add a step here whenever the schema changes shape.
 */
export const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {
  // Version 2 gave client API keys a name and an id, and made caching per place (system, tools,
  // conversation). Version-1 files may hold plain key strings and a caching on/off switch.
  1: (raw) => {
    const out = { ...raw };
    if (Array.isArray(raw.apiKeys)) {
      out.apiKeys = raw.apiKeys.map((k, i) =>
        typeof k === 'string' ? { id: randomUUID(), name: `Key ${i + 1}`, key: k, createdAt: new Date().toISOString() } : k,
      );
    }
    if (typeof raw.caching === 'boolean') out.caching = { system: raw.caching, tools: raw.caching, conversation: raw.caching };
    return out;
  },
};

/** Brings a raw settings object up to the current version; says which version it came from. */
export function migrate(raw: Raw): { settings: Raw; from: number } {
  const from = typeof raw.version === 'number' ? raw.version : 1;
  let version = from;
  let out = raw;
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (step) out = step(out);
    version++;
  }
  return { settings: { ...out, version: Math.max(from, SETTINGS_VERSION) }, from };
}
