import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { ConnectTimeoutError } from '../../src-proxy/bedrock/connect-timeout';
import { CallDeadline, timeoutsFromSettings, watchedStream } from '../../src-proxy/bedrock/deadlines';
import { fromBedrockError, readableMessage } from '../../src-proxy/bedrock/errors';
import { relayBody } from '../../src-proxy/bedrock/event-stream-body';
import { BadResponseError, eventStreamFrameCheck } from '../../src-proxy/bedrock/frame-check';
import { ProxyError } from '../../src-proxy/errors';
import { eventFrame } from '../support/bedrock-emulator/eventstream';

// The pieces that end upstream faults (src-proxy/bedrock): deadlines, the frame check, the mapping
// of undecodable answers. tests/integration/upstream-faults.test.ts drives them over the wire.

const never = <T>(): Promise<T> => new Promise<T>(() => {});

describe('timeoutsFromSettings', () => {
  test('seconds become milliseconds, fractions kept', () => {
    expect(timeoutsFromSettings({ connectSeconds: 10, firstByteSeconds: 600, streamIdleSeconds: 1.5 })).toEqual({ connectMs: 10_000, firstByteMs: 600_000, streamIdleMs: 1500 });
  });
});

describe('CallDeadline', () => {
  test('a wait past its limit is a bedrock_timeout and aborts the call signal', async () => {
    const d = new CallDeadline(undefined);
    const err = await d.within(never(), 30, 'first-byte').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProxyError);
    expect((err as ProxyError).code).toBe('bedrock_timeout');
    expect((err as ProxyError).status).toBe(504);
    expect(d.signal.aborted).toBe(true);
  });

  test('the client going away ends a wait at once with an AbortError (the SDK may be sleeping before a retry)', async () => {
    const client = new AbortController();
    const d = new CallDeadline(client.signal);
    const waiting = d.within(never(), 60_000, 'first-byte').catch((e: Error) => e);
    client.abort();
    const err = (await waiting) as Error;
    expect(err.name).toBe('AbortError');
    expect(d.signal.aborted).toBe(true);
    expect(fromBedrockError(err).code).toBe('client_closed');
  });

  test('work that settles in time passes through, and the signal stays unaborted', async () => {
    const d = new CallDeadline(undefined);
    await expect(d.within(Promise.resolve(7), 1000, 'first-byte')).resolves.toBe(7);
    await expect(d.within(Promise.reject(new Error('boom')), 1000, 'first-byte')).rejects.toThrow('boom');
    expect(d.signal.aborted).toBe(false);
  });

  test('idle counts from the last bytes: activity keeps a long wait alive, silence ends it', async () => {
    const d = new CallDeadline(undefined);
    let last = Date.now();
    const ticker = setInterval(() => (last = Date.now()), 10);
    const slow = new Promise((r) => setTimeout(() => r('done'), 150));
    await expect(d.idle(slow, 60, () => last)).resolves.toBe('done');
    clearInterval(ticker);
    const err = (await d.idle(never(), 40, () => last).catch((e: unknown) => e)) as ProxyError;
    expect(err.code).toBe('bedrock_timeout');
    expect(err.message).toContain('went silent');
  });
});

describe('watchedStream', () => {
  async function* events(n: number): AsyncGenerator<number> {
    for (let i = 0; i < n; i++) yield i;
  }
  test('passes events through; an empty stream is a bad response', async () => {
    const got: number[] = [];
    for await (const e of watchedStream(events(3), new CallDeadline(undefined), 1000, () => 0)) got.push(e);
    expect(got).toEqual([0, 1, 2]);
    const err = await (async () => {
      for await (const _ of watchedStream(events(0), new CallDeadline(undefined), 1000, () => 0)) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadResponseError);
  });

  test("the decoder's plain errors become bad responses; named errors pass as they are", async () => {
    async function* failing(err: Error): AsyncGenerator<number> {
      yield 1;
      throw err;
    }
    const run = (err: Error) =>
      (async () => {
        for await (const _ of watchedStream(failing(err), new CallDeadline(undefined), 1000, () => 0)) void _;
      })().catch((e: unknown) => e);
    expect(await run(new Error('The message checksum (1) did not match the expected value of 2'))).toBeInstanceOf(BadResponseError);
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException', $fault: 'client' });
    expect(await run(throttled)).toBe(throttled);
  });
});

describe('eventStreamFrameCheck', () => {
  const frames = Buffer.concat([eventFrame('messageStart', { role: 'assistant' }), eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'hi' } })]);
  test('valid frames pass in any chunking', () => {
    for (const size of [1, 3, 12, 13, 100, frames.length]) {
      const check = eventStreamFrameCheck();
      for (let i = 0; i < frames.length; i += size) expect(check(frames.subarray(i, i + size))).toBeUndefined();
    }
  });
  test('HTML, a wrong prelude checksum and an impossible length are caught at the prelude', () => {
    expect(eventStreamFrameCheck()(Buffer.from('<html><head><title>Wi-Fi</title>'))).toBeInstanceOf(BadResponseError);
    const bad = Buffer.from(frames);
    bad.writeUInt32BE((bad.readUInt32BE(8) ^ 1) >>> 0, 8);
    expect(eventStreamFrameCheck()(bad)?.reason).toContain('checksum');
    const check = eventStreamFrameCheck();
    expect(check(frames.subarray(0, 5))).toBeUndefined();
    expect(check(frames.subarray(5))).toBeUndefined();
  });
});

describe('relayBody inspect', () => {
  test('an error from inspect ends the body with it and destroys the source', async () => {
    const source = new Readable({ read() {} });
    const body = relayBody(source, { inspect: (chunk) => (String(chunk) === 'bad' ? new BadResponseError('bad bytes') : undefined) });
    const read = (async () => {
      let text = '';
      for await (const c of body) text += String(c);
      return text;
    })();
    source.push('good');
    source.push('bad');
    await expect(read).rejects.toBeInstanceOf(BadResponseError);
    expect(source.destroyed).toBe(true);
  });
});

describe('undecodable answers and upstream text', () => {
  test('a JSON parse error (a portal page) is a 502 bedrock_bad_response naming status and type, not the bytes', () => {
    const err = Object.assign(new SyntaxError('Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON'), { $metadata: { httpStatusCode: 403 } });
    Object.defineProperty(err, '$response', { value: { statusCode: 403, headers: { 'content-type': 'text/html; charset=utf-8' } } });
    const p = fromBedrockError(err);
    expect(p).toMatchObject({ code: 'bedrock_bad_response', status: 502 });
    expect(p.message).toContain('HTTP 403, text/html');
    expect(p.message).not.toContain('DOCTYPE');
  });

  test('an unknown exception shows its message only when it is readable', () => {
    const html = Object.assign(new Error('<!DOCTYPE html><html>secret</html>'), { name: 'weirdException' });
    expect(fromBedrockError(html)).toMatchObject({ code: 'bedrock_stream_error' });
    expect(fromBedrockError(html).message).not.toContain('secret');
    expect(readableMessage('{"message":"Model is warming up"}')).toBe('Model is warming up');
    expect(readableMessage('Plain sentence.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.')).toBe('Plain sentence.');
    expect(readableMessage('\u0000\u0001binary')).toBeUndefined();
    expect(readableMessage('x'.repeat(2000))).toBeUndefined();
  });

  test('a connect timeout anywhere in the cause chain is a 504 naming the connect timeout', () => {
    const wrapped = Object.assign(new Error('http2 request did not get a response'), { cause: new ConnectTimeoutError('bedrock-runtime.us-east-1.amazonaws.com', 10_000) });
    const p = fromBedrockError(wrapped);
    expect(p).toMatchObject({ code: 'bedrock_timeout', status: 504 });
    expect(p.message).toContain('within 10 s (connect timeout)');
  });
});
