import { describe, expect, it } from 'vitest';
import { newDayTally, summarize, tallyEntry } from '../../src-main/core/request-log/usage';
import { statusClass } from '../../src-renderer/screens/logs/log-format';
import { CLIENT_CLOSED_STATUS, type RequestLogEntry } from '../../src-shared/request-log';

// A client that leaves (499 client_closed) is neither a success nor a failure of the proxy or
// Bedrock: usage does not count it as an error and the Logs screen shows it in a neutral colour.

const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({ id: 'r', time: Date.UTC(2026, 11, 5), endpoint: '/v1/chat/completions', stream: true, status: 200, latencyMs: 1, ...over });
const closed = entry({ status: CLIENT_CLOSED_STATUS, error: { code: 'client_closed', message: 'The client closed the connection.' } });
const failed = entry({ status: 502, error: { code: 'bedrock_unreachable', message: 'cut' } });
// A 499 that some other layer produced (not our client_closed code) still counts.
const other499 = entry({ status: 499, error: { code: 'invalid_request', message: 'x' } });

describe('client closed accounting', () => {
  it('usage counts the request but not as an error', () => {
    const t = newDayTally('2026-12-05');
    for (const e of [entry({}), closed, failed, other499]) tallyEntry(t, e as unknown as Record<string, unknown>);
    const s = summarize(['2026-12-05'], [t]);
    expect(s.total).toMatchObject({ requests: 4, errors: 2 });
  });

  it('the Logs screen styles it apart from errors', () => {
    expect([entry({}), closed, failed, other499].map(statusClass)).toEqual(['ok', 'closed', 'bad', 'bad']);
  });
});
