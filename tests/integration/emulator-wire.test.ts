// Raw wire checks: event-stream framing, padding, one port for h2c and HTTP/1.1, robustness.
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeFrames,
  emulatorClientConfig,
  startBedrockEmulator,
  TEST_BEDROCK_API_KEY,
  type BedrockEmulator,
} from '../support/bedrock-emulator/index';

const MODEL = 'us.amazon.nova-pro-v1:0';
const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });

let emu: BedrockEmulator;

beforeAll(async () => {
  emu = await startBedrockEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

function h2Post(path: string, payload: string): Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(emu.url);
    session.on('error', reject);
    const req = session.request({
      ':method': 'POST',
      ':path': path,
      authorization: `Bearer ${TEST_BEDROCK_API_KEY}`,
      'content-type': 'application/json',
    });
    const chunks: Buffer[] = [];
    let headers: http2.IncomingHttpHeaders = {};
    req.on('response', (h) => (headers = h));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      session.close();
      resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks) });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('event-stream framing', () => {
  it('frames each event with :message-type, :event-type, :content-type and a JSON payload padded with "p"', async () => {
    emu.script({ text: 'Hello!', chunkSize: 3 });
    const res = await h2Post(`/model/${encodeURIComponent(MODEL)}/converse-stream`, body);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    const frames = decodeFrames(res.body);
    expect(frames.map((f) => f.headers[':event-type'])).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    for (const f of frames) {
      expect(f.headers[':message-type']).toBe('event');
      expect(f.headers[':content-type']).toBe('application/json');
      expect(f.payload.p).toMatch(/^a[a-zA-Z0-9]*$/);
    }
    expect(frames[1].payload).toMatchObject({ contentBlockIndex: 0, delta: { text: 'Hel' } });
  });

  it('leaves padding out when asked and frames exceptions with :exception-type', async () => {
    emu.script({ text: 'abcdef', padding: false, streamError: { type: 'ThrottlingException', message: 'slow down' } });
    const res = await h2Post(`/model/${encodeURIComponent(MODEL)}/converse-stream`, body);
    const frames = decodeFrames(res.body);
    expect(frames[0].payload).toEqual({ role: 'assistant' });
    const last = frames.at(-1)!;
    expect(last.headers[':message-type']).toBe('exception');
    expect(last.headers[':exception-type']).toBe('throttlingException');
    expect(last.payload).toEqual({ message: 'slow down' });
    expect(frames).toHaveLength(3);
  });
});

describe('transport', () => {
  it('serves HTTP/1.1 and h2c on the same port, and 404s unknown routes', async () => {
    const h1 = await fetch(`${emu.url}/nope`, { headers: { authorization: `Bearer ${TEST_BEDROCK_API_KEY}` } });
    expect(h1.status).toBe(404);
    expect(h1.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException/);
    const h2 = await h2Post('/model/x/unknown-action', '{}');
    expect(h2.status).toBe(404);
    const converse = await fetch(`${emu.url}/model/${encodeURIComponent(MODEL)}/converse`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_BEDROCK_API_KEY}` },
      body,
    });
    expect(converse.status).toBe(200);
  });

  it('answers malformed JSON with a ValidationException', async () => {
    const res = await h2Post(`/model/${encodeURIComponent(MODEL)}/converse`, '{not json');
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toMatch(/^ValidationException/);
  });

  it('survives garbage bytes and half-open connections', async () => {
    await new Promise<void>((resolve) => {
      const s = net.connect(emu.port, '127.0.0.1', () => {
        s.write('PR');
        setTimeout(() => {
          s.write('I * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00garbage-frames');
          setTimeout(() => s.destroy(), 20);
        }, 10);
      });
      s.on('error', () => {});
      s.on('close', () => resolve());
    });
    await new Promise<void>((resolve) => {
      const s = net.connect(emu.port, '127.0.0.1', () => {
        s.write('\x16\x03\x01 definitely not http\r\n\r\n');
      });
      s.on('error', () => {});
      s.on('close', () => resolve());
      setTimeout(() => s.destroy(), 50);
    });
    const ok = await h2Post(`/model/${encodeURIComponent(MODEL)}/converse`, body);
    expect(ok.status).toBe(200);
  });

  it('serves many concurrent SDK streams', async () => {
    const client = new BedrockRuntimeClient(emulatorClientConfig(emu.url));
    const run = async (i: number) => {
      const out = await client.send(
        new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: `request ${i}` }] }] }),
      );
      let text = '';
      for await (const e of out.stream!) text += e.contentBlockDelta?.delta?.text ?? '';
      return text;
    };
    const texts = await Promise.all(Array.from({ length: 25 }, (_, i) => run(i)));
    texts.forEach((t, i) => expect(t).toContain(`request ${i}`));
    expect(emu.stats).toMatchObject({ activeStreams: 0, abortedStreams: 0, completedStreams: 25 });
    client.destroy();
  });
});
