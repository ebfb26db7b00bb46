import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { RequestLogSink } from '../src-shared/request-log';
import type { Settings } from '../src-shared/settings';
import type { BedrockGateway } from './bedrock/gateway';
import type { ProxyContext } from './context';
import { openAiErrorBody, ProxyError } from './errors';
import { parseJsonBody } from './json-body';
import { DEFAULT_HTTP_LIMITS, httpServerOptions, type HttpLimits } from './http-limits';
import { createImageFetcher, DEFAULT_IMAGE_LIMITS, type ImageFetcher } from './images/fetch-image';
import { ModelDirectory } from './models/directory';
import type { NetworkConfig } from './net/proxy-rules';
import { anthropicMessagesProtocol, anthropicNotFound } from './protocols/anthropic-messages';
import { sendError, toProxyError, type NotFoundClaim, type ProtocolRouteConfig } from './protocols/kit';
import { openAiChatProtocol, openAiNotFound } from './protocols/openai-chat';
import { openAiResponsesProtocol } from './protocols/openai-responses';
import { ReasoningStore } from './protocols/openai-chat/reasoning-store';
import { RejectedParams } from './converse/rejected-params';
import type { ResponsePersistence } from './protocols/openai-responses/response-store';
import { adminRoutes, type AdminRouteOptions } from './routes/admin';
import { healthRoutes } from './routes/health';
import { requestIdGenerator } from './routes/request-id';
import { logAbortedUpload, logUnroutedRequest } from './routes/request-tracker';
import { installSecurity } from './security';

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
  /** How long a client may take to send headers and a whole request (tests shorten them). */
  httpLimits?: HttpLimits;
  /** The process's diagnostic logger (pino, made by the core with its file and redaction); none when absent. */
  logger?: FastifyBaseLogger;
  version?: string;
  /** The account's model listing; one is made from the gateway when not given. */
  models?: ModelDirectory;
  /** Silence before an Anthropic stream sends a ping (default 10 s; tests shorten it). */
  pingEveryMs?: number;
  /** The admin API (/admin/api, behind the admin token) and the settings UI (/ui/); off when not given. */
  admin?: AdminRouteOptions;
  /** The install's 32-byte key sealing Responses reasoning (encrypted_content); the core keeps it in the Outcrop home. */
  reasoningKey?: Uint8Array;
  /** Where Responses kept with store:true outlive the process (the core's files when the user opts in); memory only when absent. */
  responsePersistence?: ResponsePersistence;
}

export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;
// The longest id in a URL path (/v1/responses/:id, /admin/api/sign-in/:id); fastify's default.
const MAX_PARAM_LENGTH = 100;

/** Builds the proxy app; never listens (see server.ts), so tests can inject() or listen on port 0. */
export function buildApp(deps: ProxyDeps): FastifyInstance {
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: true,
    // Ids unique across restarts and sorted by time: they are the request log's entry ids.
    genReqId: requestIdGenerator(),
    // Bodies are validated with zod and no route declares a JSON schema: without this, fastify
    // loads and sets up Ajv and fast-json-stringify when it starts, for nothing (part of the ready time).
    schemaController: { compilersFactory: { buildValidator: noJsonSchemas, buildSerializer: noJsonSchemas } },
    // A path the router cannot read (a malformed %-escape, an id over the length limit) is answered
    // before any route or hook: in the client's shape, like every other error, and logged.
    frameworkErrors: (err, request, reply) => {
      const claim = [anthropicNotFound, openAiNotFound].find((p) => p.claims(request))!;
      const why = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `A value in the URL path is longer than the ${MAX_PARAM_LENGTH} characters Outcrop accepts.` : err.code === 'FST_ERR_BAD_URL' ? 'The URL path is not valid: it has a malformed %-escape.' : `The request could not be routed (${err.code}).`;
      const error = new ProxyError('invalid_request', why, { param: 'url' });
      logUnroutedRequest(ctx, request, error);
      void sendError(reply, error, claim.renderError);
    },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ...httpServerOptions(deps.httpLimits ?? DEFAULT_HTTP_LIMITS),
  });
  const ctx: ProxyContext = {
    bedrock: deps.bedrock,
    settings: deps.settings,
    log: deps.log ?? (() => {}),
    fetchImage: deps.fetchImage ?? createImageFetcher(DEFAULT_IMAGE_LIMITS, deps.network, () => deps.settings().allowPrivateImageHosts),
    reasoning: new ReasoningStore(),
    rejectedParams: new RejectedParams(),
    models: deps.models ?? new ModelDirectory(deps.bedrock),
  };

  // Clients send JSON with all sorts of content types (or none); parse every body as JSON.
  app.removeAllContentTypeParsers();
  // Nesting and array sizes are capped here, before anything walks the body (see json-body.ts).
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as ProxyError, undefined);
    }
  });

  // Routes outside the protocols (health, admin) answer in OpenAI's shape; each protocol plugin
  // sets its own error handler, so its routes answer in its own shape.
  app.setErrorHandler((err: FastifyError | ProxyError, request, reply) => {
    const error = toProxyError(err, bodyLimit);
    if (error.code === 'internal') request.log.error({ err }, 'unexpected error');
    void sendError(reply, error, renderErrorFor(request));
  });
  // The one root 404: logged, then answered by the first protocol that claims the request.
  const notFound: NotFoundClaim[] = [anthropicNotFound, openAiNotFound];
  app.setNotFoundHandler((request, reply) => {
    const claim = notFound.find((p) => p.claims(request))!;
    const error = claim.notFoundError(request);
    logUnroutedRequest(ctx, request, error);
    void sendError(reply, error, claim.renderError);
  });

  // A client that leaves while still sending its body never reaches a route: logged here.
  app.addHook('onRequestAbort', async (request) => logAbortedUpload(ctx, request));
  installSecurity(app, deps.settings, renderErrorFor);
  healthRoutes(app, deps.version ?? '0.0.0');
  void app.register(openAiChatProtocol, { ctx, bodyLimit });
  void app.register(openAiResponsesProtocol, { ctx, bodyLimit, reasoningKey: deps.reasoningKey, persistence: deps.responsePersistence });
  void app.register(anthropicMessagesProtocol, { ctx, bodyLimit, pingEveryMs: deps.pingEveryMs });
  if (deps.admin) void app.register(adminRoutes, deps.admin);
  return app;
}

function noJsonSchemas(): never {
  throw new Error('fastify JSON schemas are not set up in Outcrop: validate with zod, as the protocols do (protocols/*/schema.ts).');
}

/** The error shape for a request: its route's protocol, else the protocol that claims it as unrouted, else OpenAI's. */
export function renderErrorFor(request: FastifyRequest): (err: ProxyError) => unknown {
  const config = request.routeOptions?.config as ProtocolRouteConfig | undefined;
  if (config?.renderError) return config.renderError;
  return anthropicNotFound.claims(request) ? anthropicNotFound.renderError : openAiErrorBody;
}
