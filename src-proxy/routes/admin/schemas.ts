import { z } from 'zod';
import type { SettingsPatch } from '../../../src-shared/admin';
import { REQUEST_PROTOCOLS } from '../../../src-shared/request-log';
import { settingsSchema } from '../../../src-shared/settings';
import { ProxyError } from '../../errors';
import { fromZodIssue, queryInt } from './validate';

// The admin API's request schemas. Bodies and query strings are strict: an unknown key is a
// 400 naming it, so a typo in the settings window never silently does nothing.

export const signInBody = z.strictObject({
  profile: z.string().trim().min(1).max(256).optional(),
  deviceCode: z.boolean().optional(),
});

export const bedrockApiKeyBody = z.strictObject({
  // Trimmed because keys are pasted; one token without whitespace, since it ends up in a header.
  key: z.string().trim().min(1, 'the key is empty').max(8192, 'the key is too long').regex(/^\S+$/, 'a Bedrock API key is one word without spaces'),
});

export const logsQuery = z.strictObject({
  limit: queryInt(1, 1000).optional(),
  before: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  model: z.string().min(1).max(512).optional(),
  status: z.string().regex(/^(ok|error|[1-5]xx|[1-5]\d\d)$/, "expected 'ok', 'error', a class such as 4xx or an HTTP status code such as 429").optional(),
  protocol: z.enum(REQUEST_PROTOCOLS).optional(),
  client: z.string().min(1).max(512).optional(),
  from: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  to: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  text: z.string().max(512).optional(),
});

export const usageQuery = z.strictObject({
  days: queryInt(1, 365).default(30),
});

/** GET /prices?models=a,b: the model ids to price (usage keys), comma-separated. */
export const pricesQuery = z.strictObject({
  models: z
    .string()
    .max(64_000)
    .optional()
    .transform((v) => [...new Set((v ?? '').split(',').map((m) => m.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(512, 'a model id is at most 512 characters')).max(500, 'at most 500 models')),
});

/** An SSE event id, as the client sends it back (Last-Event-ID or ?lastEventId=). */
export const eventId = z
  .string()
  .regex(/^\d+$/, 'expected an event id (a whole number)')
  .transform(Number)
  .pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));

export const eventsQuery = z.strictObject({
  token: z.string().optional(),
  lastEventId: eventId.optional(),
});

// The version belongs to the settings file's migrations, not to the user.
const READ_ONLY_SETTINGS = new Set(['version']);

/**
 * Validates a settings patch key by key against the settings schema (settingsSchema.partial()
 * would fill in defaults for every absent key and reset them). `null` means "back to the
 * default" (or unset, for optional keys) and reaches the backend as an undefined value. The one
 * place a patch's shape is checked: the backend takes the SettingsPatch this returns and judges
 * only what needs its state (aliases, exposure).
 */
export function parseSettingsPatch(body: unknown): SettingsPatch {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object of the settings to change.', { param: 'body' });
  }
  const shape = settingsSchema.shape;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!Object.hasOwn(shape, key)) {
      const known = Object.keys(shape).filter((k) => !READ_ONLY_SETTINGS.has(k));
      throw new ProxyError('invalid_request', `Unknown setting '${key}'. Settings are: ${known.join(', ')}.`, { param: key });
    }
    if (READ_ONLY_SETTINGS.has(key)) {
      throw new ProxyError('invalid_request', `'${key}' is managed by Outcrop and cannot be changed.`, { param: key });
    }
    if (value === null) {
      patch[key] = undefined;
      continue;
    }
    const result = shape[key as keyof typeof shape].safeParse(value, { reportInput: true });
    if (!result.success) throw fromZodIssue(result.error.issues[0], 'settings', [key]);
    patch[key] = result.data;
  }
  return patch as SettingsPatch;
}
