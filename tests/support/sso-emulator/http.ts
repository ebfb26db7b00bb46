import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SsoOperation, SsoRecordedRequest } from './types';

const MAX_BODY_BYTES = 1024 * 1024;

// HTTP status per error type, from the service models (com.amazonaws.ssooidc, com.amazonaws.sso).
// ForbiddenException is not in the SSO model but is what the portal answers for an account/role the
// user has no access to ("ForbiddenException: No access"); the SDK surfaces it as SSOServiceException.
const OIDC_STATUS: Record<string, number> = {
  InvalidClientException: 401,
  InternalServerException: 500,
};
const PORTAL_STATUS: Record<string, number> = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
  InternalServerException: 500,
};

// SSO-OIDC error bodies carry an OAuth error code, not a message: {error, error_description}.
const OAUTH_CODES: Record<string, string> = {
  AccessDeniedException: 'access_denied',
  AuthorizationPendingException: 'authorization_pending',
  ExpiredTokenException: 'expired_token',
  InternalServerException: 'server_error',
  InvalidClientException: 'invalid_client',
  InvalidClientMetadataException: 'invalid_client_metadata',
  InvalidGrantException: 'invalid_grant',
  InvalidRedirectUriException: 'invalid_redirect_uri',
  InvalidRequestException: 'invalid_request',
  InvalidScopeException: 'invalid_scope',
  SlowDownException: 'slow_down',
  UnauthorizedClientException: 'unauthorized_client',
  UnsupportedGrantTypeException: 'unsupported_grant_type',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  AuthorizationPendingException: 'Authorization is still pending',
  SlowDownException: 'Client is polling too quickly',
  ExpiredTokenException: 'Device code has expired',
  AccessDeniedException: 'Access denied by the user',
  InvalidClientException: 'Invalid client provided',
  InvalidGrantException: 'Invalid grant provided',
  InternalServerException: 'An internal error occurred',
  UnauthorizedException: 'Session token not found or invalid',
  ForbiddenException: 'No access',
  TooManyRequestsException: 'Too many requests',
};

export type SsoService = 'oidc' | 'portal';

/** Which service answers an operation (decides the error body shape). */
export function serviceOf(operation: SsoOperation | 'Unknown'): SsoService {
  return operation === 'GetRoleCredentials' || operation === 'ListAccounts' || operation === 'ListAccountRoles' || operation === 'Logout'
    ? 'portal'
    : 'oidc';
}

/** HTTP status a service answers for an error type (400 when the model does not say). */
export function errorStatus(service: SsoService, type: string): number {
  return (service === 'oidc' ? OIDC_STATUS[type] : PORTAL_STATUS[type]) ?? 400;
}

/** OAuth error code for an SSO-OIDC error type: AuthorizationPendingException -> authorization_pending. */
export function oauthCode(type: string): string {
  return OAUTH_CODES[type] ?? type.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A failure to answer as an AWS error of the operation's service. */
export class SsoError extends Error {
  constructor(
    readonly type: string,
    message?: string,
    readonly status?: number,
  ) {
    super(message ?? DEFAULT_MESSAGES[type] ?? `${type} raised by the SSO emulator`);
  }
}

/** One request and its response; every answer is noted on the recorded request. */
export class SsoExchange {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly rec: SsoRecordedRequest,
  ) {}

  get answered(): boolean {
    return this.res.headersSent || this.res.destroyed;
  }

  /** Sends a complete response. */
  send(status: number, headers: Record<string, string>, body = ''): void {
    if (this.answered) return;
    this.rec.status = status;
    this.res.writeHead(status, {
      'x-amzn-requestid': randomUUID(),
      ...headers,
      'content-length': String(Buffer.byteLength(body)),
    });
    this.res.end(body);
  }

  /** Sends a 200 JSON body. */
  json(body: unknown): void {
    this.send(200, { 'content-type': 'application/json' }, JSON.stringify(body));
  }

  /** Answers an AWS error: `x-amzn-ErrorType` header plus the service's body shape. */
  error(service: SsoService, err: SsoError): void {
    this.rec.errorType = err.type;
    const body =
      service === 'oidc' ? { error: oauthCode(err.type), error_description: err.message } : { message: err.message };
    this.send(err.status ?? errorStatus(service, err.type), { 'content-type': 'application/json', 'x-amzn-errortype': err.type }, JSON.stringify(body));
  }

  /** A browser redirect (302). */
  redirect(location: string): void {
    this.send(302, { location, 'cache-control': 'no-store' });
  }

  /** A small HTML page (the emulated sign-in pages). */
  html(status: number, text: string): void {
    const escaped = text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    this.send(status, { 'content-type': 'text/html; charset=utf-8' }, `<!doctype html><title>AWS SSO emulator</title><p>${escaped}</p>`);
  }
}

/** Reads a whole request body (capped); resolves undefined when the client left first. */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    // After 'end' this is a no-op; before it, the client went away.
    req.on('close', () => resolve(undefined));
  });
}

/** Parses a JSON body; undefined when empty or malformed. */
export function parseJson(body: Buffer): any {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Lower-case header map with repeated headers joined. */
export function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}
