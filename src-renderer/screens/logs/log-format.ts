import { Fragment, createElement, type ReactNode } from 'react';
import { shortUserAgent } from '../../../src-shared/client-name';
import { isClientClosed, protocolForPath, type RequestLogEntry, type RequestProtocol } from '../../../src-shared/request-log';

/**
 * What tells entries apart on the screen. Ids are unique across restarts since they carry the
 * time (r… ids), but logs written before that have a per-process req-N: the same id from two runs.
 */
export function entryKey(e: Pick<RequestLogEntry, 'id' | 'time'>): string {
  return `${e.id}@${e.time}`;
}

/** Newest first, each entry once (a live event can race the load that also returns it), at most `max`. */
export function mergeEntries(newer: RequestLogEntry[], older: RequestLogEntry[], max = 1000): RequestLogEntry[] {
  const seen = new Set<string>();
  const out: RequestLogEntry[] = [];
  for (const e of [...newer, ...older]) {
    const key = entryKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.slice(0, max);
}

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

/** Time to first token where there is one: streamed requests only (older entries carry it for whole answers too). */
export function streamTtft(e: Pick<RequestLogEntry, 'stream' | 'ttftMs'>): number | undefined {
  return e.stream ? e.ttftMs : undefined;
}

/** An error code that may break after its underscores (model_not_available), never inside a word. */
export function errorCodeBreaks(code: string): ReactNode {
  const parts = code.split(/(?<=_)/);
  return parts.map((part, i) => createElement(Fragment, { key: i }, part, i < parts.length - 1 ? createElement('wbr') : null));
}
