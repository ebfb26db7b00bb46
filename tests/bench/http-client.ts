// The OpenAI-side client of the bench: node:http with a keep-alive agent (the lowest-overhead
// client measured by the calibration step), plus fetch for that comparison.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface StreamResult {
  /** Milliseconds from sending to the first chunk carrying content. */
  ttftMs: number;
  totalMs: number;
  /** SSE data events received, not counting [DONE]. */
  chunks: number;
}

const DONE_TAIL = 'data: [DONE]\n\n';

/** A keep-alive HTTP/1.1 client for one base URL. */
export class KeepAliveClient {
  readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets = 64) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
  }

  private request(path: string, body: string, onResponse: (res: http.IncomingMessage) => void, onError: (err: Error) => void): void {
    const req = http.request(
      { agent: this.agent, host: this.host, port: this.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      onResponse,
    );
    req.on('error', onError);
    req.end(body);
  }

  /** POSTs JSON and parses the JSON answer; resolves to the round-trip milliseconds. */
  postJson(path: string, body: string, check?: (json: any) => boolean): Promise<number> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      this.request(path, body, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const ms = performance.now() - t0;
          const text = parts.length === 1 ? parts[0].toString() : Buffer.concat(parts).toString();
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            return reject(new Error(`not JSON: ${text.slice(0, 200)}`));
          }
          if (check && !check(json)) return reject(new Error(`unexpected answer: ${text.slice(0, 300)}`));
          resolve(ms);
        });
      }, reject);
    });
  }

  /**
   * POSTs a streaming chat request and reads the SSE answer: parses events only until the first
   * content delta (for TTFT), then just counts event terminators so the client stays cheap.
   * Rejects unless the stream ends with [DONE] after exactly `expectChunks` chunks (when given).
   */
  postSse(path: string, body: string, expectChunks?: number): Promise<StreamResult> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      this.request(path, body, (res) => {
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`)));
          return;
        }
        let ttftMs = -1;
        let pending = '';
        let events = 0;
        let prevNewline = false;
        let tail = '';
        res.on('data', (c: Buffer) => {
          if (ttftMs < 0) {
            pending += c.toString();
            let end: number;
            while (ttftMs < 0 && (end = pending.indexOf('\n\n')) >= 0) {
              const event = pending.slice(0, end);
              pending = pending.slice(end + 2);
              if (event.startsWith('data: {') && JSON.parse(event.slice(6)).choices?.[0]?.delta?.content) ttftMs = performance.now() - t0;
            }
          }
          let from = 0;
          if (prevNewline && c[0] === 10) {
            events++;
            from = 1;
          }
          for (let i = c.indexOf('\n\n', from); i >= 0; i = c.indexOf('\n\n', i + 2)) events++;
          prevNewline = c[c.length - 1] === 10;
          tail = (tail + c.toString('latin1', Math.max(0, c.length - DONE_TAIL.length))).slice(-DONE_TAIL.length);
        });
        res.on('error', reject);
        res.on('end', () => {
          const totalMs = performance.now() - t0;
          const chunks = events - 1;
          if (tail !== DONE_TAIL) return reject(new Error(`stream did not end with [DONE] (tail ${JSON.stringify(tail)})`));
          if (ttftMs < 0) return reject(new Error('stream had no content chunk'));
          if (expectChunks !== undefined && chunks !== expectChunks) return reject(new Error(`stream had ${chunks} chunks, expected ${expectChunks}`));
          resolve({ ttftMs, totalMs, chunks });
        });
      }, reject);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** POSTs JSON with the global fetch (undici) and parses the answer; resolves to milliseconds. */
export async function fetchJson(url: string, body: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.json();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return performance.now() - t0;
}
