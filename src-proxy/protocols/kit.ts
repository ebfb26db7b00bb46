import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asProxyError, errorHeaders, ProxyError } from '../errors';

// What every protocol plugin shares: turning fastify's own errors into catalogue errors and
// sending an error in the plugin's shape. The shape is the plugin's; the catalogue is one.

/** Renders a catalogue error as one protocol's error body. */
export type ErrorRenderer = (err: ProxyError) => unknown;

/** Route config a protocol puts on its routes, so root-level guards (security) answer in its shape. */
export interface ProtocolRouteConfig {
  renderError?: ErrorRenderer;
}

/** A fastify error (body too large, bad content length, 4xx from a hook) or anything else, as a catalogue error. */
export function toProxyError(err: FastifyError | ProxyError | Error, bodyLimit: number): ProxyError {
  if (err instanceof ProxyError) return err;
  switch ((err as FastifyError).code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProxyError('body_too_large', `The request body is larger than the ${Math.round(bodyLimit / 1024 / 1024)} MB limit. Send fewer or smaller images, or trim the conversation.`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProxyError('invalid_request', 'The Content-Length header does not match the body.');
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new ProxyError('invalid_request', err.message, { status });
  return asProxyError(err);
}

/** Sends a catalogue error with its status, Retry-After and the given body shape. */
export function sendError(reply: FastifyReply, error: ProxyError, render: ErrorRenderer): FastifyReply {
  return reply.code(error.status).headers(errorHeaders(error)).send(render(error));
}

/** Installs an error handler on a plugin's (encapsulated) instance that answers in its shape. */
export function useErrorShape(app: FastifyInstance, render: ErrorRenderer, bodyLimit: number): void {
  app.setErrorHandler((err: FastifyError | ProxyError, request: FastifyRequest, reply: FastifyReply) => {
    const error = toProxyError(err, bodyLimit);
    if (error.code === 'internal') request.log.error({ err }, 'unexpected error');
    void sendError(reply, error, render);
  });
}

/** A protocol's say over requests that match no route: whether it claims one, its 404 and its error shape. */
export interface NotFoundClaim {
  claims(request: FastifyRequest): boolean;
  notFoundError(request: FastifyRequest): ProxyError;
  renderError: ErrorRenderer;
}
