import type { AdminEvent, AdminStatus, Diagnosis, LogQuery, ModelView, PricesReply, SignInStart, SignInView, UsageSummary } from '../src-shared/admin';
import type { ProfileSummary } from '../src-shared/aws';
import type { RequestLogEntry } from '../src-shared/request-log';
import type { Settings } from '../src-shared/settings';

// The only way the settings UI talks to Outcrop: fetch to the admin API with the admin token,
// and a live event stream. The UI does not know (or care) whether it runs in Electron or a browser.

/** An error from the admin API, with the field it concerns when the server named one. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly param?: string | null) {
    super(message);
    this.name = 'ApiError';
  }
}

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface ChatTestResult {
  ok: boolean;
  text: string;
  latencyMs: number;
  model?: string;
}

export interface Api {
  readonly baseUrl: string;
  status(): Promise<AdminStatus>;
  /** The doctor's checklist (calls AWS: credentials load, model listing). */
  diagnosis(): Promise<Diagnosis>;
  settings(): Promise<Settings>;
  patchSettings(patch: Partial<Record<keyof Settings, unknown>>): Promise<Settings>;
  profiles(): Promise<{ active: string; profiles: ProfileSummary[]; problems: string[] }>;
  startSignIn(req: SignInStart): Promise<SignInView>;
  signIn(id: string): Promise<SignInView>;
  cancelSignIn(id: string): Promise<void>;
  models(): Promise<ModelView[]>;
  logs(q?: LogQuery): Promise<RequestLogEntry[]>;
  usage(days: number): Promise<UsageSummary>;
  /** Prices in use for these model ids and the account's other models, with source and date, and the AWS price list's state. */
  prices(models: string[]): Promise<PricesReply>;
  setBedrockApiKey(key: string | undefined): Promise<void>;
  /** Shows the diagnostic log in the file manager (desktop app); `revealed: false` elsewhere. */
  revealLogFile(): Promise<{ revealed: boolean; file?: string }>;
  /** Sends a one-line prompt through the public API, as a client would. */
  testModel(model: string, prompt: string, apiKey?: string): Promise<ChatTestResult>;
  /** Follows the live event stream, reconnecting with Last-Event-ID; returns a stop function. */
  events(onEvent: (e: AdminEvent, id: number) => void, onState: (s: StreamState) => void): () => void;
}

/** Where the admin API is and the token, from the Electron preload or the page URL (#token=…). */
export function locateAdmin(win: Window = window): { baseUrl: string; token: string } {
  const injected = (win as unknown as { outcrop?: { adminUrl: string; token: string } }).outcrop;
  if (injected) return { baseUrl: injected.adminUrl.replace(/\/$/, ''), token: injected.token };
  const hash = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) {
    win.sessionStorage.setItem('outcrop-admin-token', fromHash);
    // Keep the token out of the address bar (screenshots, shared screens).
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  return { baseUrl: win.location.origin, token: fromHash ?? win.sessionStorage.getItem('outcrop-admin-token') ?? '' };
}

/** The api object over fetch. */
export function createApi(baseUrl: string, token: string): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/admin/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (res.status === 204) return undefined as T;
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, json?.error?.message ?? `Outcrop answered ${res.status}.`, json?.error?.param);
    return json as T;
  }

  return {
    baseUrl,
    status: () => call('GET', '/status'),
    diagnosis: () => call('GET', '/diagnosis'),
    settings: () => call('GET', '/settings'),
    patchSettings: (patch) => call('PATCH', '/settings', patch),
    profiles: () => call('GET', '/profiles'),
    startSignIn: (req) => call('POST', '/sign-in', req),
    signIn: (id) => call('GET', `/sign-in/${encodeURIComponent(id)}`),
    cancelSignIn: (id) => call('DELETE', `/sign-in/${encodeURIComponent(id)}`),
    models: async () => (await call<{ data: ModelView[] }>('GET', '/models')).data,
    logs: async (q = {}) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
      const qs = params.toString();
      return (await call<{ data: RequestLogEntry[] }>('GET', `/logs${qs ? `?${qs}` : ''}`)).data;
    },
    usage: (days) => call('GET', `/usage?days=${days}`),
    prices: (models) => call('GET', `/prices${models.length ? `?models=${encodeURIComponent(models.join(','))}` : ''}`),
    setBedrockApiKey: (key) => (key ? call('PUT', '/bedrock-api-key', { key }) : call('DELETE', '/bedrock-api-key')),
    revealLogFile: () => call('POST', '/log-file/reveal'),
    testModel: async (model, prompt, apiKey) => {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey ?? 'outcrop-settings'}` },
        body: JSON.stringify({ model, max_tokens: 200, messages: [{ role: 'user', content: prompt }] }),
      });
      const json = await res.json().catch(() => ({}));
      const latencyMs = Math.round(performance.now() - started);
      if (!res.ok) return { ok: false, text: json?.error?.message ?? `HTTP ${res.status}`, latencyMs };
      return { ok: true, text: json.choices?.[0]?.message?.content ?? '', latencyMs, model: json.model };
    },
    events: (onEvent, onState) => followEvents(baseUrl, token, onEvent, onState),
  };
}

// fetch (not EventSource) so the token travels in a header, never in a URL.
function followEvents(baseUrl: string, token: string, onEvent: (e: AdminEvent, id: number) => void, onState: (s: StreamState) => void): () => void {
  let stopped = false;
  let lastId: number | undefined;
  let controller: AbortController | undefined;
  let delay = 500;

  const connect = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch(`${baseUrl}/admin/api/events`, {
          headers: { authorization: `Bearer ${token}`, ...(lastId !== undefined ? { 'last-event-id': String(lastId) } : {}) },
          signal: controller.signal,
        });
        if (res.status === 401) {
          onState('unauthorized');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
        onState('open');
        delay = 500;
        await readStream(res.body, (id, event) => {
          lastId = id;
          onEvent(event, id);
        });
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  };
  onState('connecting');
  void connect();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

async function readStream(body: ReadableStream<Uint8Array>, onEvent: (id: number, e: AdminEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let sep: number;
    while ((sep = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, sep);
      buffer = buffer.slice(sep + 2);
      let id: number | undefined;
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) id = Number(line.slice(3).trim());
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (id !== undefined && data) onEvent(id, JSON.parse(data) as AdminEvent);
    }
  }
}
