import { z } from 'zod';
import { ProxyError } from '../../errors';
import { paramName } from '../../protocols/openai-chat/schema';

// Request validation for the admin API: every body and query string goes through a zod schema,
// and the first problem becomes a 400 in the OpenAI error shape with `param` naming the field.

/** A query-string integer in [min, max] (query values arrive as strings). */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** Parses a body or query with a schema; throws a 400 naming the first bad field. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, what: 'body' | 'query'): z.output<T> {
  if (what === 'body' && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object.', { param: 'body' });
  }
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw fromZodIssue(result.error.issues[0], what);
}

/** Turns one zod issue into a 400 naming the field (or the unknown key). */
export function fromZodIssue(issue: z.core.$ZodIssue, what: 'body' | 'query' | 'settings', prefix: PropertyKey[] = []): ProxyError {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const param = paramName([...path, issue.keys[0]]);
    const where = what === 'query' ? 'query parameter' : what === 'settings' ? 'setting' : 'field';
    return new ProxyError('invalid_request', `Unknown ${where} '${param}'.`, { param });
  }
  const param = paramName(path) || what;
  const message = issue.input === undefined ? 'this field is required.' : `${issue.message}.`;
  return new ProxyError('invalid_request', `Invalid value for '${param}': ${message}`, { param });
}

/**
 * Maps what the backend threw to a client error: an error with a `param` is the caller's fault
 * (400 naming it), a zod error too; a conflict (status 409) stays one; anything else is a 500 that keeps the backend's message,
 * which the core writes for people.
 */
export function backendError(err: unknown): ProxyError {
  if (err instanceof ProxyError) return err;
  if (err instanceof z.ZodError && err.issues.length > 0) return fromZodIssue(err.issues[0], 'body');
  const message = err instanceof Error ? err.message : String(err);
  const param = (err as { param?: unknown } | null)?.param;
  if (typeof param === 'string' && param !== '') return new ProxyError('invalid_request', message, { param });
  // The settings file changed under a save, or cannot be read: the core did not overwrite it.
  if ((err as { status?: unknown } | null)?.status === 409) return new ProxyError('invalid_request', message, { status: 409 });
  return new ProxyError('internal', message || 'The Outcrop core failed without saying why; see its log.');
}

/** Runs a backend call, mapping whatever it throws with backendError. */
export async function callBackend<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw backendError(err);
  }
}
