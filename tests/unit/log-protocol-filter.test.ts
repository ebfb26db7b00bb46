import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src-main/core/request-log/ring';
import { logsQuery } from '../../src-proxy/routes/admin/schemas';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { hasFilters, matchesFilters, NO_FILTERS, toQuery } from '../../src-renderer/screens/logs/log-filter';
import { clientLabel, PROTOCOL_LABELS, protocolOf } from '../../src-renderer/screens/logs/log-format';

// The Logs screen's API (protocol) filter and client names, on the server and in the screen.

const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({ id: 'r', time: 1, endpoint: '/v1/chat/completions', stream: false, status: 200, latencyMs: 1, ...over });
const chat = entry({ protocol: 'chat', client: 'Cline/3.40.1', userAgent: 'OpenAI/JS 4.96.0' });
const messages = entry({ endpoint: '/v1/messages', protocol: 'messages', client: 'claude-cli/2.1.3', userAgent: 'claude-cli/2.1.3 (external, sdk-cli)' });
const unrouted = entry({ endpoint: '/v1/xyz', method: 'POST', protocol: 'unknown', status: 404, client: 'curl/8.5.0', userAgent: 'curl/8.5.0' });
// Logged before entries had a protocol: the whole user-agent in `client`.
const legacy = entry({ endpoint: '/v1/embeddings', client: 'OpenAI/JS 6.1.0 extra/1' });

describe('server: compileQuery with a protocol', () => {
  it('keeps the requests of one API; old entries get theirs from the endpoint', () => {
    const all = [chat, messages, unrouted, legacy];
    expect(all.filter(compileQuery({ protocol: 'messages' }))).toEqual([messages]);
    expect(all.filter(compileQuery({ protocol: 'unknown' }))).toEqual([unrouted]);
    expect(all.filter(compileQuery({ protocol: 'embeddings' }))).toEqual([legacy]);
    expect(all.filter(compileQuery({ protocol: 'chat', status: 'error' }))).toEqual([]);
  });

  it('free text also searches the full user-agent', () => {
    expect([chat, messages].filter(compileQuery({ text: 'openai/js 4.96' }))).toEqual([chat]);
    expect([chat, messages].filter(compileQuery({ text: 'sdk-cli' }))).toEqual([messages]);
  });

  it('the admin API accepts the protocols and nothing else', () => {
    expect(logsQuery.parse({ protocol: 'messages' })).toEqual({ protocol: 'messages' });
    expect(logsQuery.safeParse({ protocol: 'soap' }).success).toBe(false);
  });

  it('the admin API takes client, from, to and status classes (query strings)', () => {
    expect(logsQuery.parse({ client: 'cline', from: '1000', to: '2000', status: '4xx' })).toEqual({ client: 'cline', from: 1000, to: 2000, status: '4xx' });
    expect(logsQuery.parse({ status: '5xx' })).toEqual({ status: '5xx' });
    expect(logsQuery.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(logsQuery.safeParse({ status: '6xx' }).success).toBe(false);
  });
});

describe('screen: filters and labels', () => {
  it('live entries pass the API filter as the server would decide', () => {
    const f = { ...NO_FILTERS, protocol: 'messages' as const };
    expect(toQuery(f)).toEqual({ protocol: 'messages' });
    expect(toQuery(NO_FILTERS)).toEqual({});
    expect(hasFilters(f)).toBe(true);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect([chat, messages, unrouted, legacy].filter((e) => matchesFilters(e, f))).toEqual([messages]);
    expect(matchesFilters(legacy, { ...NO_FILTERS, protocol: 'embeddings' })).toBe(true);
    expect(matchesFilters(chat, { ...NO_FILTERS, text: '4.96' })).toBe(true);
  });

  it('shows short client names, also for entries logged with a whole user-agent', () => {
    expect(clientLabel(messages)).toBe('claude-cli/2.1.3');
    expect(clientLabel(chat)).toBe('Cline/3.40.1');
    expect(clientLabel(legacy)).toBe('OpenAI/JS 6.1.0');
    expect(clientLabel(entry({}))).toBe('–');
  });

  it('names every API', () => {
    expect(PROTOCOL_LABELS[protocolOf(unrouted)]).toBe('No such route');
    expect(PROTOCOL_LABELS[protocolOf(legacy)]).toBe('Embeddings');
    expect(PROTOCOL_LABELS[protocolOf(messages)]).toBe('Messages');
  });
});
