import { once } from 'node:events';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { isEventStream, relayBody } from '../../src-proxy/bedrock/event-stream-body';

// relayBody (src-proxy/bedrock/event-stream-body.ts): what the SDK reads an event stream from.

/** Like an Http2Stream whose last frame has arrived: `closed` while its data waits to be read. */
function closedBeforeRead(): Readable {
  const stream = new Readable({ read() {} });
  Object.defineProperty(stream, 'closed', { get: () => true });
  return stream;
}

async function readAll(body: Readable): Promise<string> {
  let text = '';
  for await (const chunk of body) text += String(chunk);
  return text;
}

describe('relayBody', () => {
  test('a source that reports closed with its whole body still buffered is read to its end', async () => {
    // Node 24.20+ fails `for await` over such a source with ERR_STREAM_PREMATURE_CLOSE after the
    // first read (nodejs/node#65677): how ConverseStream through the proxy tunnel broke.
    const source = closedBeforeRead();
    source.push('one,');
    source.push('two,');
    source.push('three');
    source.push(null);
    await expect(readAll(relayBody(source))).resolves.toBe('one,two,three');
  });

  test('data that arrives while the consumer reads, then the end', async () => {
    const source = new Readable({ read() {} });
    const body = relayBody(source);
    setTimeout(() => source.push('a'), 5);
    setTimeout(() => source.push('b'), 10);
    setTimeout(() => source.push(null), 15);
    await expect(readAll(body)).resolves.toBe('ab');
  });

  test('a source that closes before its end fails the body with a premature close', async () => {
    const source = new Readable({ read() {} });
    const body = relayBody(source);
    source.push('partial');
    setTimeout(() => source.destroy(), 5);
    await expect(readAll(body)).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  test("the source's error is the body's error", async () => {
    const source = new Readable({ read() {} });
    const body = relayBody(source);
    const boom = new Error('stream reset');
    setTimeout(() => source.destroy(boom), 5);
    await expect(readAll(body)).rejects.toBe(boom);
  });

  test('a consumer that stops early destroys the source (the HTTP/2 stream is reset)', async () => {
    const source = new Readable({ read() {} });
    source.push('first');
    const body = relayBody(source);
    for await (const chunk of body) {
      expect(String(chunk)).toBe('first');
      break;
    }
    expect(body.destroyed).toBe(true);
    expect(source.destroyed).toBe(true);
  });

  test('an ended source closing afterwards changes nothing', async () => {
    const source = new Readable({ read() {} });
    const body = relayBody(source);
    source.push('all');
    source.push(null);
    await expect(readAll(body)).resolves.toBe('all');
    source.destroy();
    // Once the source has emitted 'close', relayBody's own listener (the one that would fail the body) has run.
    if (!source.closed) await once(source, 'close');
    expect(body.errored).toBeNull();
  });

  test('the source pauses while the consumer does not read, and goes on when it reads', async () => {
    const source = new Readable({ read() {} });
    const body = relayBody(source);
    const big = Buffer.alloc(body.readableHighWaterMark);
    source.push(big);
    source.push(big);
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.isPaused()).toBe(true);
    expect(body.readableLength).toBe(big.length);
    body.read();
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.readableLength).toBe(big.length);
    expect(source.readableLength).toBe(0);
  });
});

describe('isEventStream', () => {
  test.each([
    [{ 'content-type': 'application/vnd.amazon.eventstream' }, true],
    [{ 'content-type': 'application/json' }, false],
    [{}, false],
  ])('%j -> %s', (headers, expected) => {
    expect(isEventStream(headers)).toBe(expected);
  });
});
