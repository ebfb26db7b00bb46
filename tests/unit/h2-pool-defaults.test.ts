import { describe, expect, test } from 'vitest';
import { DEFAULT_POOL_OPTIONS } from '../../src-proxy/bedrock/h2-pool';

// Issue 18: coding agents pause for minutes between turns (tools run, people read); the way to
// Bedrock must still be warm when they come back, and a dead one found before a request needs it.
describe('the HTTP/2 pool defaults', () => {
  test('idle sessions stay for minutes, PINGed at least once a minute, a PING answered well within its interval', () => {
    const d = DEFAULT_POOL_OPTIONS;
    expect(d.keepMs).toBeGreaterThanOrEqual(5 * 60_000);
    expect(d.pingEveryMs).toBeLessThanOrEqual(60_000);
    expect(d.pingEveryMs).toBeLessThan(d.keepMs);
    expect(d.pingTimeoutMs).toBeLessThan(d.pingEveryMs);
    // A sleep is a timer late by more than this; a busy event loop is not one.
    expect(d.sleepGapMs).toBeGreaterThanOrEqual(10_000);
  });
});
