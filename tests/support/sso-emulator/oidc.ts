// SSO-OIDC (restJson1, unsigned): RegisterClient, StartDeviceAuthorization, CreateToken.
// https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/
import { createHash } from 'node:crypto';
import { isLoopbackRedirect, parseScopes, type Approvals } from './authorize';
import { SsoError, type SsoExchange } from './http';
import { base64url, DEVICE_CODE_GRANT, KNOWN_GRANTS, type ClientRecord, type SsoStore } from './store';

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new SsoError('InvalidRequestException', `${field} must be a list of strings`);
  }
  return value as string[];
}

function requireString(body: any, field: string): string {
  const v = body?.[field];
  if (typeof v !== 'string' || v === '') throw new SsoError('InvalidRequestException', `${field} is required`);
  return v;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** POST /client/register */
export function registerClient(ex: SsoExchange, store: SsoStore): void {
  const body = ex.rec.body;
  const clientName = requireString(body, 'clientName');
  const clientType = requireString(body, 'clientType');
  if (clientType !== 'public') throw new SsoError('InvalidClientMetadataException', 'clientType must be public');
  const scopes = stringList(body.scopes, 'scopes') ?? [];
  const grantTypes = stringList(body.grantTypes, 'grantTypes');
  const redirectUris = stringList(body.redirectUris, 'redirectUris') ?? [];
  const unknownGrant = grantTypes?.find((g) => !KNOWN_GRANTS.has(g));
  if (unknownGrant) throw new SsoError('InvalidClientMetadataException', `Unsupported grant type: ${unknownGrant}`);
  if (grantTypes?.includes('authorization_code') && redirectUris.length === 0) {
    throw new SsoError('InvalidRedirectUriException', 'redirectUris are required for the authorization_code grant');
  }
  const badRedirect = redirectUris.find((u) => !isLoopbackRedirect(u));
  if (badRedirect) throw new SsoError('InvalidRedirectUriException', 'Redirect URIs must be http loopback addresses');
  const issuerUrl = body.issuerUrl;
  if (issuerUrl !== undefined && (typeof issuerUrl !== 'string' || !isHttpsUrl(issuerUrl))) {
    throw new SsoError('InvalidRequestException', 'issuerUrl must be an https URL');
  }
  const client = store.registerClient({ clientName, scopes, grantTypes, redirectUris, issuerUrl });
  ex.json({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: Math.floor(client.issuedAt / 1000),
    clientSecretExpiresAt: Math.floor(client.expiresAt / 1000),
  });
}

/** POST /device_authorization */
export function startDeviceAuthorization(ex: SsoExchange, store: SsoStore, approvals: Approvals, baseUrl: string): void {
  const body = ex.rec.body;
  const client = store.authenticateClient(body?.clientId, body?.clientSecret);
  store.requireGrant(client, DEVICE_CODE_GRANT);
  const startUrl = requireString(body, 'startUrl');
  if (!isHttpsUrl(startUrl)) throw new SsoError('InvalidRequestException', 'startUrl must be an https URL');
  const device = store.startDevice(client, startUrl);
  approvals.addDevice(device, client.scopes);
  const verificationUri = `${baseUrl}/device`;
  ex.json({
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
    expiresIn: store.behaviour.deviceCodeTtlSeconds,
    interval: device.interval,
  });
}

/** POST /token */
export function createToken(ex: SsoExchange, store: SsoStore): void {
  const body = ex.rec.body;
  const client = store.authenticateClient(body?.clientId, body?.clientSecret);
  const grantType = requireString(body, 'grantType');
  if (!KNOWN_GRANTS.has(grantType)) throw new SsoError('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`);
  store.requireGrant(client, grantType);
  const requested = stringList(body.scope, 'scope');
  if (requested?.some((s) => !client.scopes.includes(s))) {
    throw new SsoError('InvalidScopeException', 'Requested scopes were not registered by the client');
  }
  let tokens;
  if (grantType === DEVICE_CODE_GRANT) tokens = deviceCodeGrant(body, client, store, requested);
  else if (grantType === 'authorization_code') tokens = authorizationCodeGrant(body, client, store);
  else tokens = refreshTokenGrant(body, client, store);
  ex.json(tokens);
}

function deviceCodeGrant(body: any, client: ClientRecord, store: SsoStore, requested?: string[]) {
  const device = store.devices.get(requireString(body, 'deviceCode'));
  if (!device || device.clientId !== client.clientId || device.status === 'used') {
    throw new SsoError('InvalidGrantException', 'Invalid device code provided');
  }
  const now = store.now();
  if (device.expiresAt <= now) throw new SsoError('ExpiredTokenException', 'Device code has expired');
  if (device.status === 'denied') throw new SsoError('AccessDeniedException', 'The user denied access');
  if (device.status === 'pending') {
    const tooSoon = device.lastPollAt !== undefined && now - device.lastPollAt < device.interval * 1000;
    device.lastPollAt = now;
    if (store.behaviour.enforcePollInterval && tooSoon) {
      device.interval += 5;
      throw new SsoError('SlowDownException', 'Client is polling too quickly');
    }
    throw new SsoError('AuthorizationPendingException', 'Authorization is still pending');
  }
  device.status = 'used';
  return store.issueTokens(client, device.userName!, requested ?? client.scopes);
}

/** PKCE S256: base64url(sha256(code_verifier)). */
export function codeChallengeOf(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

function authorizationCodeGrant(body: any, client: ClientRecord, store: SsoStore) {
  const code = store.codes.get(requireString(body, 'code'));
  if (!code || code.clientId !== client.clientId || code.used || code.expiresAt <= store.now()) {
    throw new SsoError('InvalidGrantException', 'Invalid authorization code provided');
  }
  if (body.redirectUri !== code.redirectUri) throw new SsoError('InvalidGrantException', 'redirectUri does not match the authorization request');
  const verifier = requireString(body, 'codeVerifier');
  if (codeChallengeOf(verifier) !== code.codeChallenge) throw new SsoError('InvalidGrantException', 'Invalid code verifier');
  code.used = true;
  return store.issueTokens(client, code.userName, code.scopes);
}

function refreshTokenGrant(body: any, client: ClientRecord, store: SsoStore) {
  const token = requireString(body, 'refreshToken');
  const record = store.refreshTokens.get(token);
  if (!record || !record.valid || record.clientId !== client.clientId) {
    throw new SsoError('InvalidGrantException', 'Invalid refresh token provided');
  }
  // Refresh tokens rotate: the one just used stops working.
  record.valid = false;
  return store.issueTokens(client, record.userName, record.scopes, record.sessionId);
}
