import { shortUserAgent } from '../../../src-shared/client-name';
import { isClientClosed, protocolForPath, type RequestLogEntry, type RequestProtocol } from '../../../src-shared/request-log';

/** "14:03:27" in the user's clock. */
export function logTime(time: number): string {
  return new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** The client's short name ("claude-cli/2.1.3"); entries logged before names were short carry the whole user-agent. */
export function clientLabel(e: Pick<RequestLogEntry, 'client' | 'userAgent'>): string {
  if (!e.client) return '–';
  return e.userAgent ? e.client : shortUserAgent(e.client);
}

/** What each API is called on the screen. */
export const PROTOCOL_LABELS: Record<RequestProtocol, string> = {
  chat: 'Chat Completions',
  completions: 'Completions',
  embeddings: 'Embeddings',
  messages: 'Messages',
  responses: 'Responses',
  models: 'Models',
  unknown: 'No such route',
};

/** The API a request spoke (from its endpoint for entries logged before the log had one). */
export function protocolOf(e: Pick<RequestLogEntry, 'protocol' | 'endpoint'>): RequestProtocol {
  return e.protocol ?? protocolForPath(e.endpoint);
}

/** Whether the request succeeded (2xx). */
export function isOk(e: RequestLogEntry): boolean {
  return e.status >= 200 && e.status < 300;
}

/** The status's style: ok (2xx), closed (the client left: not a failure of the proxy or Bedrock) or bad. */
export function statusClass(e: RequestLogEntry): 'ok' | 'closed' | 'bad' {
  if (isOk(e)) return 'ok';
  return isClientClosed(e) ? 'closed' : 'bad';
}
