import { randomBytes, randomInt } from 'node:crypto';
import { SsoError } from './http';
import type { SsoAccount, SsoBehaviour, SsoUser } from './types';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const KNOWN_GRANTS = new Set([DEVICE_CODE_GRANT, 'authorization_code', 'refresh_token']);
export const DEFAULT_SSO_SCOPES = ['sso:account:access'];

/** Assignments of the default user: 111122223333 (Developer, ReadOnly) and 444455556666 (Admin). */
export const DEFAULT_SSO_ACCOUNTS: SsoAccount[] = [
  { accountId: '111122223333', accountName: 'Outcrop Dev', emailAddress: 'aws-dev@example.com', roles: ['Developer', 'ReadOnly'] },
  { accountId: '444455556666', accountName: 'Outcrop Admin', emailAddress: 'aws-admin@example.com', roles: ['Admin'] },
];

export const DEFAULT_SSO_USERS: SsoUser[] = [{ userName: 'developer', accounts: DEFAULT_SSO_ACCOUNTS }];

export const DEFAULT_BEHAVIOUR: SsoBehaviour = {
  autoApprove: true,
  accessTokenTtlSeconds: 8 * 3600,
  registrationTtlSeconds: 90 * 86400,
  deviceCodeTtlSeconds: 600,
  roleCredentialsTtlSeconds: 3600,
  authorizationCodeTtlSeconds: 300,
  pollIntervalSeconds: 1,
  enforcePollInterval: false,
};

export interface ClientRecord {
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  /** undefined: registered without grantTypes (legacy: device code and refresh). */
  grantTypes?: string[];
  redirectUris: string[];
  issuerUrl?: string;
  issuedAt: number;
  expiresAt: number;
}

export interface DeviceRecord {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  interval: number;
  lastPollAt?: number;
  status: 'pending' | 'approved' | 'denied' | 'used';
  userName?: string;
}

export interface CodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  userName: string;
  expiresAt: number;
  used: boolean;
}

export interface AccessTokenRecord {
  userName: string;
  clientId: string;
  sessionId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  clientId: string;
  userName: string;
  sessionId: string;
  scopes: string[];
  valid: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken?: string;
}

/** base64url without padding. */
export function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function randomToken(prefix: string, bytes: number): string {
  return prefix + base64url(randomBytes(bytes));
}

const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';
const KEY_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomChars(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** Everything the emulator remembers between requests, with its own (advanceable) clock. */
export class SsoStore {
  behaviour: SsoBehaviour;
  clockOffsetMs = 0;
  readonly clients = new Map<string, ClientRecord>();
  readonly devices = new Map<string, DeviceRecord>();
  readonly codes = new Map<string, CodeRecord>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(
    private readonly initialBehaviour: SsoBehaviour,
    readonly users: SsoUser[],
  ) {
    this.behaviour = { ...initialBehaviour };
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  clear(): void {
    this.behaviour = { ...this.initialBehaviour };
    this.clockOffsetMs = 0;
    this.clients.clear();
    this.devices.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  user(userName?: string): SsoUser {
    const user = userName === undefined ? this.users[0] : this.users.find((u) => u.userName === userName);
    if (!user) throw new Error(`SSO emulator: no user named ${userName}`);
    return user;
  }

  registerClient(input: Omit<ClientRecord, 'clientId' | 'clientSecret' | 'issuedAt' | 'expiresAt'>): ClientRecord {
    // Whole seconds, as clientIdIssuedAt/clientSecretExpiresAt are epoch seconds on the wire.
    const issuedAt = Math.floor(this.now() / 1000) * 1000;
    const client: ClientRecord = {
      ...input,
      clientId: randomToken('emu', 16),
      clientSecret: randomToken('emu-secret.', 48),
      issuedAt,
      expiresAt: issuedAt + this.behaviour.registrationTtlSeconds * 1000,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** The client a token/device call authenticates as; InvalidClientException when unknown, wrong secret or expired. */
  authenticateClient(clientId: unknown, clientSecret: unknown): ClientRecord {
    const client = typeof clientId === 'string' ? this.clients.get(clientId) : undefined;
    if (!client || client.clientSecret !== clientSecret) throw new SsoError('InvalidClientException', 'Invalid client provided');
    if (client.expiresAt <= this.now()) throw new SsoError('InvalidClientException', 'Client registration has expired');
    return client;
  }

  /** UnauthorizedClientException when the registration does not allow a grant type. */
  requireGrant(client: ClientRecord, grant: string): void {
    const allowed = client.grantTypes ?? [DEVICE_CODE_GRANT, 'refresh_token'];
    if (!allowed.includes(grant)) throw new SsoError('UnauthorizedClientException', `Client is not authorized to use the ${grant} grant`);
  }

  startDevice(client: ClientRecord, startUrl: string): DeviceRecord {
    const device: DeviceRecord = {
      deviceCode: randomToken('', 48),
      userCode: `${randomChars(USER_CODE_LETTERS, 4)}-${randomChars(USER_CODE_LETTERS, 4)}`,
      clientId: client.clientId,
      startUrl,
      expiresAt: this.now() + this.behaviour.deviceCodeTtlSeconds * 1000,
      interval: this.behaviour.pollIntervalSeconds,
      status: 'pending',
    };
    this.devices.set(device.deviceCode, device);
    return device;
  }

  findDevice(key: string): DeviceRecord | undefined {
    const byCode = this.devices.get(key);
    if (byCode) return byCode;
    for (const d of this.devices.values()) if (d.userCode === key) return d;
    return undefined;
  }

  issueCode(input: Omit<CodeRecord, 'code' | 'expiresAt' | 'used'>): CodeRecord {
    const code: CodeRecord = {
      ...input,
      code: randomToken('', 32),
      expiresAt: this.now() + this.behaviour.authorizationCodeTtlSeconds * 1000,
      used: false,
    };
    this.codes.set(code.code, code);
    return code;
  }

  /**
   * Issues an access token (and a refresh token when the client registered scopes and may refresh,
   * as IAM Identity Center only refreshes sessions registered with sso_registration_scopes).
   */
  issueTokens(client: ClientRecord, userName: string, scopes: string[], sessionId?: string, ttlSeconds?: number): IssuedTokens {
    const session = sessionId ?? randomToken('', 12);
    const expiresIn = ttlSeconds ?? this.behaviour.accessTokenTtlSeconds;
    const accessToken = randomToken('aoa', 96);
    this.accessTokens.set(accessToken, {
      userName,
      clientId: client.clientId,
      sessionId: session,
      expiresAt: this.now() + expiresIn * 1000,
      revoked: false,
    });
    const tokens: IssuedTokens = { accessToken, tokenType: 'Bearer', expiresIn };
    const mayRefresh = client.scopes.length > 0 && (client.grantTypes === undefined || client.grantTypes.includes('refresh_token'));
    if (mayRefresh) {
      const refreshToken = randomToken('aor', 96);
      this.refreshTokens.set(refreshToken, { clientId: client.clientId, userName, sessionId: session, scopes, valid: true });
      tokens.refreshToken = refreshToken;
    }
    return tokens;
  }

  /** The user behind a portal bearer token; UnauthorizedException when unknown, expired or logged out. */
  userForToken(token: string | undefined): { user: SsoUser; token: string; record: AccessTokenRecord } {
    const record = token ? this.accessTokens.get(token) : undefined;
    if (!token || !record || record.revoked || record.expiresAt <= this.now()) {
      throw new SsoError('UnauthorizedException', 'Session token not found or invalid');
    }
    return { user: this.user(record.userName), token, record };
  }

  /** Ends a sign-in session: its access and refresh tokens stop working. */
  endSession(sessionId: string): void {
    for (const t of this.accessTokens.values()) if (t.sessionId === sessionId) t.revoked = true;
    for (const t of this.refreshTokens.values()) if (t.sessionId === sessionId) t.valid = false;
  }

  roleCredentials(): { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number } {
    return {
      accessKeyId: 'ASIA' + randomChars(KEY_ID_CHARS, 16),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64'),
      expiration: this.now() + this.behaviour.roleCredentialsTtlSeconds * 1000,
    };
  }
}
