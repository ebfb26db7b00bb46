import type { RequestLogEntry } from '../../../src-shared/request-log';

/** "14:03:27" in the user's clock. */
export function logTime(time: number): string {
  return new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** The client's user agent without the noise after the first product ("OpenAI/JS 6.49.0"). */
export function shortClient(client: string | undefined): string {
  if (!client) return '–';
  const first = client.split(/\s+(?=\S+\/)/)[0];
  return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}

/** Whether the request succeeded (2xx). */
export function isOk(e: RequestLogEntry): boolean {
  return e.status >= 200 && e.status < 300;
}
