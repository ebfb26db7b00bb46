import { expect } from 'vitest';

export interface AdminCall {
  method?: string;
  body?: unknown;
  /** The admin token to send as Bearer; null sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface OpenAiErrorShape {
  message: string;
  type: string;
  code: string;
  param: string | null;
}

/** A fetch helper for the admin API: JSON bodies (strings sent as they are), the token as Bearer. */
export function adminClient(baseUrl: () => string, defaultToken: string) {
  return (path: string, { method = 'GET', body, token = defaultToken, headers = {} }: AdminCall = {}): Promise<Response> => {
    const all: Record<string, string> = { ...headers };
    if (token !== null) all.authorization = `Bearer ${token}`;
    if (body !== undefined) all['content-type'] = 'application/json';
    return fetch(`${baseUrl()}${path}`, { method, headers: all, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  };
}

/** Asserts an OpenAI-shaped error response (and its param, when given) and returns the error. */
export async function expectAdminError(res: Response, status: number, param?: string | null): Promise<OpenAiErrorShape> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: OpenAiErrorShape };
  if (param !== undefined) expect(body.error.param).toBe(param);
  return body.error;
}
