import type { LogQuery } from '../../../src-shared/admin';
import { protocolForPath, type RequestLogEntry, type RequestProtocol } from '../../../src-shared/request-log';

// The log screen's filters. The server applies them to what it sends (api.logs); live entries
// are checked here with the same rules, so the table never shows what a reload would hide.

export interface LogFilters {
  model: string;
  status: '' | 'ok' | 'error';
  protocol: '' | RequestProtocol;
  text: string;
}

export const NO_FILTERS: LogFilters = { model: '', status: '', protocol: '', text: '' };

/** The filters as an admin API query. */
export function toQuery(f: LogFilters): LogQuery {
  return { model: f.model.trim() || undefined, status: f.status || undefined, protocol: f.protocol || undefined, text: f.text.trim() || undefined };
}

const REGION_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\./;

// A Bedrock model id without its cross-region prefix (us.anthropic… is anthropic…).
function baseId(id: string): string {
  let lower = id.trim().toLowerCase();
  const arn = /^arn:[^:]+:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/.exec(lower);
  if (arn) lower = arn[1];
  return lower.replace(REGION_PREFIX, '');
}

/** Whether an entry passes the filters (as the server's query would decide). */
export function matchesFilters(e: RequestLogEntry, f: LogFilters): boolean {
  const model = f.model.trim().toLowerCase();
  if (model) {
    const wanted = baseId(model);
    const hit = [e.model, e.bedrockModel].some((id) => id !== undefined && (id.toLowerCase() === model || baseId(id) === wanted));
    if (!hit) return false;
  }
  const ok = e.status >= 200 && e.status < 300;
  if (f.status === 'ok' && !ok) return false;
  if (f.status === 'error' && ok) return false;
  if (f.protocol && (e.protocol ?? protocolForPath(e.endpoint)) !== f.protocol) return false;
  const needle = f.text.trim().toLowerCase();
  if (needle) {
    const fields = [e.model, e.bedrockModel, e.client, e.userAgent, e.endpoint, e.error?.message, e.error?.code];
    if (!fields.some((field) => field !== undefined && field.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** Whether any filter is set. */
export function hasFilters(f: LogFilters): boolean {
  return Boolean(f.model.trim() || f.status || f.protocol || f.text.trim());
}
