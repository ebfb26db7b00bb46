// A Bedrock runtime that misbehaves on purpose, for the upstream-fault tests: it speaks HTTP/2 in
// the clear (h2c, as the emulator does) and answers each request with the fault the test picked.
// Valid frames come from the emulator's own event-stream encoder. It records every request and
// whether the client reset it (what "the Bedrock request was aborted" looks like on the wire).
import http2 from 'node:http2';
import net from 'node:net';
import { crc32 } from 'node:zlib';
import { eventFrame, exceptionFrame } from './bedrock-emulator/eventstream';

export type Fault =
  /** Takes the request, never answers. */
  | 'black-hole'
  /** 200 with event-stream headers, then nothing. */
  | 'stall-after-headers'
  /** messageStart and one text delta, then nothing. */
  | 'stall-mid-stream'
  /** Non-streamed: 200 and the first half of the JSON answer, then nothing. */
  | 'stall-body'
  /** 200, the right content type, bytes that are no event stream (or no JSON). */
  | 'garbage'
  /** messageStart and a delta, then half a frame, then the end of the stream. */
  | 'truncated'
  /** messageStart and a delta, then a frame whose message CRC is wrong. */
  | 'bad-crc'
  /** messageStart, then a frame whose prelude CRC is wrong. */
  | 'bad-prelude'
  /** A good answer, written one byte at a time `dripMs` apart. */
  | 'slow-drip'
  /** A captive portal's HTML page (status `status`, default 200). */
  | 'html'
  /** Streamed: 200 application/json with a valid Converse answer instead of an event stream. */
  | 'wrong-content-type'
  /** 200 and no body at all. */
  | 'empty'
  /** An exception frame of a type Bedrock does not have, whose payload is not JSON. */
  | 'unknown-exception'
  /** 429 ThrottlingException with x-amz-retry-after (`retryAfterMs`). */
  | 'throttle'
  /** 200 with the right content type, then the connection closes (GOAWAY, FIN) without END_STREAM. */
  | 'cut-after-headers'
  /** Streamed: messageStart and one text delta, then the connection closes without END_STREAM. */
  | 'cut-mid-stream'
  /** 200 with the right content type, then a GOAWAY with an error code (INTERNAL_ERROR) and no END_STREAM. */
  | 'goaway-error-after-headers'
  /** A good answer. */
  | 'ok';

export interface FaultPlan {
  fault: Fault;
  status?: number;
  dripMs?: number;
  retryAfterMs?: number;
}

export interface FaultyRequest {
  path: string;
  stream: boolean;
  fault: Fault;
  /** Set when the stream closed: true if the client reset it before the server ended it. */
  resetByClient?: boolean;
  closed: Promise<void>;
}

export interface FaultyBedrock {
  url: string;
  requests: FaultyRequest[];
  /** The fault for every request from now on (a function picks per request). */
  plan(p: FaultPlan | Fault | ((req: { path: string; stream: boolean; n: number }) => FaultPlan | Fault)): void;
  close(): Promise<void>;
}

/** Text a test can look for in what the client got: it must never be echoed. */
export const RAW_MARKER = 'CAPTIVE-PORTAL-SECRET-7f3a';
export const PORTAL_HTML = `<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head><body><h1>Please log in</h1><p>${RAW_MARKER}</p><form action="/login"></form></body></html>`;
export const ANSWER_TEXT = 'Hello from the faulty upstream';

const usage = { inputTokens: 5, outputTokens: 6, totalTokens: 11 };

function goodFrames(): Buffer[] {
  return [
    eventFrame('messageStart', { role: 'assistant' }),
    eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: ANSWER_TEXT } }),
    eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
    eventFrame('messageStop', { stopReason: 'end_turn' }),
    eventFrame('metadata', { usage, metrics: { latencyMs: 1 } }),
  ].map((f) => Buffer.from(f));
}

function converseBody(): string {
  return JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: ANSWER_TEXT }] } }, stopReason: 'end_turn', usage, metrics: { latencyMs: 1 } });
}

const EVENT_STREAM = 'application/vnd.amazon.eventstream';

async function serve(stream: http2.ServerHttp2Stream, isStream: boolean, plan: FaultPlan): Promise<void> {
  const head = (status: number, type: string, extra: Record<string, string> = {}) => stream.respond({ ':status': status, 'content-type': type, 'x-amzn-requestid': 'faulty-1', ...extra });
  const firstTwo = () => goodFrames().slice(0, 2);
  switch (plan.fault) {
    case 'black-hole':
      return;
    case 'stall-after-headers':
      return head(200, EVENT_STREAM);
    case 'stall-mid-stream':
      head(200, EVENT_STREAM);
      for (const f of firstTwo()) stream.write(f);
      return;
    case 'stall-body': {
      head(200, 'application/json');
      const body = converseBody();
      stream.write(body.slice(0, body.length >> 1));
      return;
    }
    case 'garbage':
      head(200, isStream ? EVENT_STREAM : 'application/json');
      // Starts like a frame of about 1 GB (what a naive decoder would allocate), then noise.
      return void stream.end(Buffer.concat([Buffer.from('<htm'), Buffer.from(`${RAW_MARKER}\u0000\u0001\u00ff garbage garbage garbage`)]));
    case 'truncated': {
      head(200, isStream ? EVENT_STREAM : 'application/json');
      if (!isStream) return void stream.end(converseBody().slice(0, 40));
      for (const f of firstTwo()) stream.write(f);
      const next = goodFrames()[2];
      return void stream.end(next.subarray(0, next.length >> 1));
    }
    case 'bad-crc': {
      head(200, EVENT_STREAM);
      for (const f of firstTwo()) stream.write(f);
      const bad = goodFrames()[2];
      bad.writeUInt32BE((bad.readUInt32BE(bad.length - 4) + 1) >>> 0, bad.length - 4);
      return void stream.end(bad);
    }
    case 'bad-prelude': {
      head(200, EVENT_STREAM);
      stream.write(goodFrames()[0]);
      const bad = goodFrames()[1];
      bad.writeUInt32BE((crc32(bad.subarray(0, 8)) + 1) >>> 0, 8);
      return void stream.end(bad);
    }
    case 'slow-drip': {
      head(200, isStream ? EVENT_STREAM : 'application/json');
      const bytes = isStream ? Buffer.concat(goodFrames()) : Buffer.from(converseBody());
      for (let i = 0; i < bytes.length && !stream.destroyed; i++) {
        stream.write(bytes.subarray(i, i + 1));
        await new Promise((r) => setTimeout(r, plan.dripMs ?? 5));
      }
      return void stream.end();
    }
    case 'html':
      head(plan.status ?? 200, 'text/html; charset=utf-8', plan.status && plan.status >= 300 && plan.status < 400 ? { location: 'http://portal.example/login' } : {});
      return void stream.end(PORTAL_HTML);
    case 'wrong-content-type':
      head(200, 'application/json');
      return void stream.end(converseBody());
    case 'empty':
      head(200, isStream ? EVENT_STREAM : 'application/json');
      return void stream.end();
    case 'unknown-exception':
      head(200, EVENT_STREAM);
      stream.write(goodFrames()[0]);
      return void stream.end(Buffer.from(exceptionFrameRaw('weirdProxyException', PORTAL_HTML)));
    case 'throttle':
      head(429, 'application/json', { 'x-amzn-errortype': 'ThrottlingException', 'x-amz-retry-after': String(plan.retryAfterMs ?? 1000) });
      return void stream.end(JSON.stringify({ message: 'Too many requests, please wait before trying again.' }));
    case 'cut-after-headers':
      head(200, isStream ? EVENT_STREAM : 'application/json');
      // Once the head is out: the session's GOAWAY and close would not wait for it.
      return void setTimeout(() => stream.session?.destroy(), 20);
    case 'goaway-error-after-headers':
      head(200, isStream ? EVENT_STREAM : 'application/json');
      return void setTimeout(() => stream.session?.goaway(http2.constants.NGHTTP2_INTERNAL_ERROR), 20);
    case 'cut-mid-stream':
      head(200, EVENT_STREAM);
      return void stream.write(Buffer.concat(firstTwo()), () => setTimeout(() => stream.session?.destroy(), 20));
    case 'ok':
      head(200, isStream ? EVENT_STREAM : 'application/json');
      return void stream.end(isStream ? Buffer.concat(goodFrames()) : converseBody());
  }
}

// An exception frame with a payload that is not JSON (exceptionFrame JSON-encodes its payload).
function exceptionFrameRaw(type: string, payload: string): Uint8Array {
  const json = exceptionFrame(type, {});
  // Re-encode with the raw payload: same headers, different body.
  const headersLen = Buffer.from(json).readUInt32BE(4);
  const headers = Buffer.from(json).subarray(12, 12 + headersLen);
  const body = Buffer.from(payload);
  const total = 16 + headers.length + body.length;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headers.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  headers.copy(out, 12);
  body.copy(out, 12 + headers.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** Starts the faulty runtime on 127.0.0.1, port 0 (answers `ok` until told otherwise). */
export async function startFaultyBedrock(): Promise<FaultyBedrock> {
  let chooser: (req: { path: string; stream: boolean; n: number }) => FaultPlan | Fault = () => 'ok';
  const requests: FaultyRequest[] = [];
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('error', () => {});
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path']);
    const isStream = path.endsWith('/converse-stream');
    const chosen = chooser({ path, stream: isStream, n: requests.length });
    const plan = typeof chosen === 'string' ? { fault: chosen } : chosen;
    let onClose!: () => void;
    const rec: FaultyRequest = { path, stream: isStream, fault: plan.fault, closed: new Promise<void>((r) => (onClose = r)) };
    requests.push(rec);
    let finished = false;
    let aborted = false;
    stream.on('error', () => {});
    stream.once('finish', () => (finished = true));
    stream.once('aborted', () => (aborted = true));
    stream.on('close', () => {
      // Closed before this side ended it: the client sent RST_STREAM (or dropped the connection).
      rec.resetByClient = aborted || !finished;
      onClose();
    });
    // Read the request body before answering, as Bedrock does.
    stream.resume();
    stream.once('end', () => void serve(stream, isStream, plan).catch(() => stream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    plan(p) {
      chooser = typeof p === 'function' ? p : () => p;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface Tarpit {
  /** An https:// URL whose TLS handshake never completes. */
  url: string;
  /** Connections accepted, and how many of them the client has since closed. */
  accepted: number;
  closedByClient: number;
  close(): Promise<void>;
}

/** A TCP listener that accepts connections and never says a word: TLS never completes (a connect timeout's target). */
export async function startTarpit(): Promise<Tarpit> {
  const sockets = new Set<net.Socket>();
  const state = { accepted: 0, closedByClient: 0 };
  const server = net.createServer((socket) => {
    state.accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      if (sockets.delete(socket)) state.closedByClient++;
    });
    // Read (and ignore) the ClientHello: a paused socket would not notice the client leaving.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    get accepted() {
      return state.accepted;
    },
    get closedByClient() {
      return state.closedByClient;
    },
    close: () =>
      new Promise<void>((resolve) => {
        const open = [...sockets];
        sockets.clear();
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
