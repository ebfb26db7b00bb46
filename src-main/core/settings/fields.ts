import { defaultSettings, settingsSchema, type Settings } from '../../../src-shared/settings';

/**
 * Settings that decide who may use the proxy and what it may reach. A default is the loosest
 * value for requireApiKey, so an invalid value here must never fall back to it: it keeps the
 * value in use (a reload) or, with none in use yet (start-up), the strictest value.
 */
export const SECURITY_FIELDS = new Set<keyof Settings>(['requireApiKey', 'apiKeys', 'allowedHosts', 'allowedOrigins', 'host', 'allowPrivateImageHosts']);

// Strictest values where the default is not already the strictest one.
const STRICTEST: Partial<Settings> = { requireApiKey: true };

/**
 * Validates field by field: an invalid field falls back to its default with a warning, except a
 * security field (see SECURITY_FIELDS), which keeps `inUse`'s value or takes the strictest one.
 * Warnings name the field, never its value (API keys).
 */
export function parseFields(raw: Record<string, unknown>, warnings: string[], inUse?: Settings): Settings {
  const shape = settingsSchema.shape;
  const defaults = defaultSettings();
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = shape[key as keyof typeof shape];
    if (!field) continue;
    const result = field.safeParse(value);
    if (result.success) {
      clean[key] = result.data;
      continue;
    }
    const why = result.error.issues[0]?.message ?? 'bad value';
    const name = key as keyof Settings;
    if (!SECURITY_FIELDS.has(name)) {
      warnings.push(`Setting "${key}" is invalid (${why}); using the default.`);
    } else if (inUse) {
      clean[key] = inUse[name];
      warnings.push(`Setting "${key}" is invalid (${why}); Outcrop keeps the value in use, since it guards who may use the proxy.`);
    } else if (name in STRICTEST && STRICTEST[name] !== defaults[name]) {
      clean[key] = STRICTEST[name];
      warnings.push(`Setting "${key}" is invalid (${why}); using the strictest value (${JSON.stringify(STRICTEST[name])}), since it guards who may use the proxy.`);
    } else {
      warnings.push(`Setting "${key}" is invalid (${why}); using the default.`);
    }
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

/** The text settings.json holds for these settings. */
export function settingsText(settings: Settings): string {
  return `${JSON.stringify(nonDefault(settings), null, 2)}\n`;
}
