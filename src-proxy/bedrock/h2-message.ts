import type http2 from 'node:http2';
import { Readable } from 'node:stream';
import { buildQueryString } from '@smithy/core/protocols';
import type { HttpRequest } from '@smithy/types';

// Between the SDK's HttpRequest / HttpResponse and an HTTP/2 stream, as @smithy/node-http-handler
// does it, for h2-pool.ts.

/** The pool's key for a request: scheme, host and port as URL.origin writes them. */
export function originOf(request: HttpRequest): string {
  return new URL(`${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`).origin;
}

/** The :path of a request: path, query and fragment, the query encoded as the SDK's own handler does. */
export function pathOf(request: HttpRequest): string {
  const query = request.query ? buildQueryString(request.query) : '';
  return `${request.path}${query ? `?${query}` : ''}${request.fragment ? `#${request.fragment}` : ''}`;
}

/** Response headers as the SDK's handler hands them on (repeated ones joined with commas). */
export function flatHeaders(headers: http2.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : String(value);
  return out;
}

/** Whether a request body can be sent a second time (not a stream). */
export function replayable(body: unknown): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

/** Sends the request body on the stream and ends it (the SDK's writeBody, without 100-continue). */
export function writeBody(stream: http2.ClientHttp2Stream, body: unknown): void {
  if (body instanceof Readable) return void body.pipe(stream);
  if (body === undefined || body === null) return void stream.end();
  if (typeof body === 'string') return void stream.end(body);
  if (body instanceof Uint8Array) return void stream.end(body.byteLength ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined);
  stream.end(Buffer.from(body as ArrayBuffer));
}

/** The SDK's own error for an aborted request (@smithy/node-http-handler buildAbortError). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const err = reason instanceof Error ? new Error('Request aborted', { cause: reason }) : new Error(reason ? String(reason) : 'Request aborted');
  err.name = 'AbortError';
  return err;
}
