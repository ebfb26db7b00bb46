import type http from 'node:http';
import { FaultQueue, listenHttp, notify, recorder } from '../emulator-kit';
import { rfc3339 } from './aws-files';
import { Approvals, handleAuthorize, handleDeviceVerification } from './authorize';
import { headerMap, parseJson, readBody, serviceOf, SsoError, SsoExchange } from './http';
import { createToken, registerClient, startDeviceAuthorization } from './oidc';
import { getRoleCredentials, listAccountRoles, listAccounts, logout } from './portal';
import { DEFAULT_BEHAVIOUR, DEFAULT_SSO_SCOPES, DEFAULT_SSO_USERS, DEVICE_CODE_GRANT, SsoStore } from './store';
import type {
  IssuedRoleCredentials,
  SsoBehaviour,
  SsoEmulator,
  SsoEmulatorOptions,
  SsoFault,
  SsoOperation,
  SsoRecordedRequest,
} from './types';

const ROUTES: Record<string, { operation: SsoOperation; method: string }> = {
  '/client/register': { operation: 'RegisterClient', method: 'POST' },
  '/device_authorization': { operation: 'StartDeviceAuthorization', method: 'POST' },
  '/token': { operation: 'CreateToken', method: 'POST' },
  '/authorize': { operation: 'Authorize', method: 'GET' },
  '/device': { operation: 'DeviceVerification', method: 'GET' },
  '/federation/credentials': { operation: 'GetRoleCredentials', method: 'GET' },
  '/assignment/accounts': { operation: 'ListAccounts', method: 'GET' },
  '/assignment/roles': { operation: 'ListAccountRoles', method: 'GET' },
  '/logout': { operation: 'Logout', method: 'POST' },
};

/** The behaviour keys of `opts` that are set (options also carry port, users, …). */
function pickBehaviour(opts: Partial<SsoBehaviour>): Partial<SsoBehaviour> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_BEHAVIOUR) as (keyof SsoBehaviour)[]) {
    if (opts[key] !== undefined) picked[key] = opts[key];
  }
  return picked as Partial<SsoBehaviour>;
}

/** Starts the SSO-OIDC + SSO portal emulator (HTTP/1.1, both services on one port). */
export async function startSsoEmulator(opts: SsoEmulatorOptions = {}): Promise<SsoEmulator> {
  const store = new SsoStore({ ...DEFAULT_BEHAVIOUR, ...pickBehaviour(opts) }, opts.users ?? DEFAULT_SSO_USERS);
  const approvals = new Approvals(store);
  const requests: SsoRecordedRequest[] = [];
  const issuedCredentials: IssuedRoleCredentials[] = [];
  const faults = new FaultQueue<SsoOperation, SsoFault>();
  const record = recorder(requests, opts.recordLimit, opts.onRequest);
  let baseUrl = '';

  function onIssued(creds: IssuedRoleCredentials): void {
    issuedCredentials.push(creds);
    notify(opts.onRoleCredentials, creds);
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    if (body === undefined) return;
    const route = ROUTES[url.pathname];
    const rec: SsoRecordedRequest = {
      operation: route?.operation ?? 'Unknown',
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: parseJson(body),
      headers: headerMap(req),
      time: Date.now(),
    };
    record(rec);
    const ex = new SsoExchange(req, res, rec);
    // CreateTokenWithIAM shares /token (with ?aws_iam=t) but needs IAM-signed requests: not emulated.
    if (!route || route.method !== rec.method || (route.operation === 'CreateToken' && url.searchParams.has('aws_iam'))) {
      return ex.error(serviceOf(rec.operation), new SsoError('UnknownOperationException', `Unknown operation: ${rec.method} ${url.pathname}`, 404));
    }
    const service = serviceOf(route.operation);
    try {
      const fault = faults.take(route.operation);
      if (fault) throw new SsoError(fault.type, fault.message, fault.status);
      if (route.method === 'POST' && route.operation !== 'Logout' && rec.body === undefined) {
        throw new SsoError('InvalidRequestException', 'The request body must be a JSON object');
      }
      switch (route.operation) {
        case 'RegisterClient':
          return registerClient(ex, store);
        case 'StartDeviceAuthorization':
          return startDeviceAuthorization(ex, store, approvals, baseUrl);
        case 'CreateToken':
          return createToken(ex, store);
        case 'Authorize':
          return handleAuthorize(ex, store, approvals);
        case 'DeviceVerification':
          return handleDeviceVerification(ex, store);
        case 'GetRoleCredentials':
          return getRoleCredentials(ex, store, onIssued);
        case 'ListAccounts':
          return listAccounts(ex, store);
        case 'ListAccountRoles':
          return listAccountRoles(ex, store);
        case 'Logout':
          return logout(ex, store);
      }
    } catch (err) {
      const e = err instanceof SsoError ? err : new SsoError('InternalServerException', `SSO emulator bug: ${(err as Error)?.stack ?? err}`);
      ex.error(service, e);
    }
  }

  const { server, port, url } = await listenHttp(serve, opts);
  baseUrl = url;

  return {
    url: baseUrl,
    port,
    requests,
    issuedCredentials,
    lastRequest(operation) {
      for (let i = requests.length - 1; i >= 0; i--) {
        if (!operation || requests[i].operation === operation) return requests[i];
      }
      return undefined;
    },
    configure(behaviour) {
      Object.assign(store.behaviour, pickBehaviour(behaviour));
    },
    approve: (key, userName) => approvals.decide(key, { approve: true, userName }),
    deny: (key) => approvals.decide(key, { approve: false }),
    pending: () => approvals.pending(),
    waitForPending: () => approvals.waitForPending(),
    seedSession(seed = {}) {
      const userName = store.user(seed.userName).userName;
      const refresh = seed.refreshToken !== false;
      const scopes = seed.scopes ?? DEFAULT_SSO_SCOPES;
      const client = store.registerClient({
        clientName: 'seeded-session',
        scopes,
        grantTypes: refresh ? [DEVICE_CODE_GRANT, 'refresh_token'] : [DEVICE_CODE_GRANT],
        redirectUris: [],
      });
      const tokens = store.issueTokens(client, userName, scopes, undefined, seed.accessTokenTtlSeconds);
      return {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        registrationExpiresAt: rfc3339(client.expiresAt),
        accessToken: tokens.accessToken,
        expiresAt: rfc3339(store.accessTokens.get(tokens.accessToken)!.expiresAt),
        ...(tokens.refreshToken && { refreshToken: tokens.refreshToken }),
      };
    },
    expireAccessTokens() {
      const past = store.now() - 1;
      for (const t of store.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, past);
    },
    revokeRefreshTokens() {
      for (const t of store.refreshTokens.values()) t.valid = false;
    },
    expireRegistrations() {
      const past = store.now() - 1;
      for (const c of store.clients.values()) c.expiresAt = Math.min(c.expiresAt, past);
    },
    advanceClock(seconds) {
      store.clockOffsetMs += seconds * 1000;
    },
    now: () => store.now(),
    failNext(operation, fault) {
      faults.push(operation, fault);
    },
    reset() {
      requests.length = 0;
      issuedCredentials.length = 0;
      faults.clear();
      approvals.clear();
      store.clear();
    },
    close() {
      approvals.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
