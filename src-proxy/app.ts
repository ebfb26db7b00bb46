import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { RequestLogSink } from '../src-shared/request-log';
import type { Settings } from '../src-shared/settings';
import type { BedrockGateway } from './bedrock/gateway';
import type { ProxyContext } from './context';
import { anthropicErrorBody, asProxyError, errorHeaders, openAiErrorBody, ProxyError } from './errors';
import { createImageFetcher, DEFAULT_IMAGE_LIMITS, type ImageFetcher } from './images/fetch-image';
import { ModelDirectory } from './models/directory';
import type { NetworkConfig } from './net/proxy-rules';
import { chatCompletionsRoutes } from './routes/chat-completions';
import { completionsRoutes } from './routes/completions';
import { embeddingsRoutes } from './routes/embeddings';
import { adminRoutes, type AdminRouteOptions } from './routes/admin';
import { healthRoutes } from './routes/health';
import { modelsRoutes } from './routes/models';
import { logUnroutedRequest } from './routes/request-tracker';
import { installSecurity } from './security';
import { ReasoningStore } from './translate/reasoning-store';

export interface ProxyDeps {
  bedrock: BedrockGateway;
  /** The current settings snapshot, read per request. */
  settings: () => Settings;
  log?: RequestLogSink;
  fetchImage?: ImageFetcher;
  /** Proxy, NO_PROXY and extra CAs for image downloads, read per download (the default fetcher's). */
  network?: () => NetworkConfig | undefined;
  /** Largest accepted request body in bytes (agent sessions with images are big). */
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  version?: string;
  /** The account's model listing; one is made from the gateway when not given. */
  models?: ModelDirectory;
  /** The admin API (/admin/api, behind the admin token) and the settings UI (/ui/); off when not given. */
  admin?: AdminRouteOptions;
}

export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;

/** Secrets and image bytes never reach a log line. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-amz-security-token"]',
  'req.headers.cookie',
];

/** Builds the proxy app; never listens (see server.ts), so tests can inject() or listen on port 0. */
export function buildApp(deps: ProxyDeps): FastifyInstance {
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  const ctx: ProxyContext = {
    bedrock: deps.bedrock,
    settings: deps.settings,
    log: deps.log ?? (() => {}),
    fetchImage: deps.fetchImage ?? createImageFetcher(DEFAULT_IMAGE_LIMITS, deps.network),
    reasoning: new ReasoningStore(),
    models: deps.models ?? new ModelDirectory(deps.bedrock),
  };

  // Clients send JSON with all sorts of content types (or none); parse every body as JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = body as string;
    // An empty (or blank) body is no body; checked without copying a body that may be megabytes.
    if (!/\S/.test(text)) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new ProxyError('invalid_json', `The request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });

  app.setErrorHandler((err: FastifyError | ProxyError, request, reply) => {
    const error = toProxyError(err, bodyLimit);
    if (error.code === 'internal') request.log.error({ err }, 'unexpected error');
    const anthropic = request.url.startsWith('/v1/messages') || request.url.startsWith('/anthropic');
    void reply.code(error.status).headers(errorHeaders(error)).send(anthropic ? anthropicErrorBody(error) : openAiErrorBody(error));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ProxyError('not_found', `Outcrop has no route ${request.method} ${request.url.split('?')[0]}. OpenAI clients use base URL http://${request.headers.host ?? '127.0.0.1:8797'}/v1.`);
    logUnroutedRequest(ctx, request, error);
    void reply.code(404).send(openAiErrorBody(error));
  });

  installSecurity(app, deps.settings);
  healthRoutes(app, deps.version ?? '0.0.0');
  modelsRoutes(app, ctx);
  chatCompletionsRoutes(app, ctx);
  embeddingsRoutes(app, ctx);
  completionsRoutes(app, ctx);
  if (deps.admin) void app.register(adminRoutes, deps.admin);
  return app;
}

function toProxyError(err: FastifyError | ProxyError, bodyLimit: number): ProxyError {
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
