// Public types of the AWS SSO emulator (IAM Identity Center: the SSO-OIDC service and the SSO
// portal). Wire shapes follow @aws-sdk/client-sso-oidc and @aws-sdk/client-sso 3.116x.

/** Operations the emulator answers. `Authorize` and `DeviceVerification` are the browser pages. */
export type SsoOperation =
  | 'RegisterClient'
  | 'StartDeviceAuthorization'
  | 'CreateToken'
  | 'Authorize'
  | 'DeviceVerification'
  | 'GetRoleCredentials'
  | 'ListAccounts'
  | 'ListAccountRoles'
  | 'Logout';

export interface SsoRecordedRequest {
  /** 'Unknown' for a route the emulator does not serve (answered 404). */
  operation: SsoOperation | 'Unknown';
  method: string;
  path: string;
  /** Decoded query parameters (last value wins). */
  query: Record<string, string>;
  /** Parsed JSON body, or undefined when empty or not JSON. Holds client secrets and tokens: never print it. */
  body: any;
  /** Lower-case header names. Holds `x-amz-sso_bearer_token`: never print it. */
  headers: Record<string, string>;
  time: number;
  /** Status answered; undefined while the request is still open (an authorize page waiting for approve/deny). */
  status?: number;
  /** Error type answered in `x-amzn-ErrorType`, if any. */
  errorType?: string;
}

export interface SsoAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  /** Permission sets (role names) the user may assume in this account. */
  roles: string[];
}

export interface SsoUser {
  userName: string;
  accounts: SsoAccount[];
}

/** Tunables that can change while the emulator runs (see `configure`). */
export interface SsoBehaviour {
  /** Sign-in requests are approved at once (device codes on creation, /authorize redirects immediately). Default true. */
  autoApprove: boolean;
  /** CreateToken `expiresIn`. Default 28 800 (8 h). */
  accessTokenTtlSeconds: number;
  /** RegisterClient `clientSecretExpiresAt - clientIdIssuedAt`. Default 7 776 000 (90 days). */
  registrationTtlSeconds: number;
  /** StartDeviceAuthorization `expiresIn`. Default 600. */
  deviceCodeTtlSeconds: number;
  /** Lifetime of GetRoleCredentials credentials. Default 3 600. */
  roleCredentialsTtlSeconds: number;
  /** Lifetime of an authorization code from /authorize. Default 300. */
  authorizationCodeTtlSeconds: number;
  /** StartDeviceAuthorization `interval`. Default 1. */
  pollIntervalSeconds: number;
  /** Answer SlowDownException (and add 5 s to the interval) when a device code is polled faster than its interval. Default false. */
  enforcePollInterval: boolean;
}

export interface SsoEmulatorOptions extends Partial<SsoBehaviour> {
  port?: number;
  host?: string;
  /** Who can sign in; the first user is the one approve() signs in by default. Default: DEFAULT_SSO_USERS. */
  users?: SsoUser[];
  /** Called with every set of role credentials issued (hand them to the Bedrock emulator here). */
  onRoleCredentials?: (creds: IssuedRoleCredentials) => void;
  /** Called for every request as it arrives. */
  onRequest?: (req: SsoRecordedRequest) => void;
  /** Oldest recorded requests are dropped beyond this many (default 10 000). */
  recordLimit?: number;
  /** Serve HTTPS with this key and certificate (the URL is then https://). */
  tls?: { key: string; cert: string };
}

/** Role credentials handed out by GetRoleCredentials (also in `issuedCredentials`). */
export interface IssuedRoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds, as on the wire. */
  expiration: number;
  accountId: string;
  roleName: string;
  userName: string;
}

/** A sign-in waiting for the "user" (see approve/deny). */
export interface PendingAuthorization {
  kind: 'device' | 'authorize';
  /** What approve()/deny() take: the user code (device) or the state parameter (authorize). */
  key: string;
  clientId: string;
  scopes: string[];
  userCode?: string;
  state?: string;
  redirectUri?: string;
}

/** An error answered instead of the next request(s) of an operation. */
export interface SsoFault {
  /** Error type, e.g. 'InternalServerException', 'SlowDownException', 'UnauthorizedException'. */
  type: string;
  /** Default: the status the service model gives the type (400 for unknown types). */
  status?: number;
  /** `error_description` (SSO-OIDC) or `message` (SSO portal). */
  message?: string;
  /** How many requests in a row fail (default 1). */
  times?: number;
}

export interface SeedSessionOptions {
  /** Default: the first user. */
  userName?: string;
  /** Default: the behaviour's accessTokenTtlSeconds. Negative gives an already expired token. */
  accessTokenTtlSeconds?: number;
  /** Issue a refresh token (default true). */
  refreshToken?: boolean;
  /** Registration scopes (default ['sso:account:access']). */
  scopes?: string[];
}

/** A signed-in session made without a browser flow: what an AWS CLI token cache file holds. */
export interface SeededSession {
  clientId: string;
  clientSecret: string;
  /** RFC 3339. */
  registrationExpiresAt: string;
  accessToken: string;
  /** RFC 3339. */
  expiresAt: string;
  refreshToken?: string;
}

export interface SsoEmulator {
  /** Base URL for both services (`AWS_ENDPOINT_URL_SSO_OIDC` and `AWS_ENDPOINT_URL_SSO`). */
  url: string;
  port: number;
  requests: SsoRecordedRequest[];
  issuedCredentials: IssuedRoleCredentials[];
  lastRequest(operation?: SsoOperation): SsoRecordedRequest | undefined;
  /** Changes tunables from now on (existing tokens keep their expiry). */
  configure(behaviour: Partial<SsoBehaviour>): void;
  /**
   * Approves a pending sign-in by user code, device code or state, as `userName` (default: first user).
   * Returns false when nothing matches yet; the decision is then kept for a sign-in that arrives later.
   */
  approve(key: string, userName?: string): boolean;
  /** Denies a pending sign-in (AccessDeniedException for devices, `error=access_denied` redirect for /authorize). */
  deny(key: string): boolean;
  /** Sign-ins waiting for approve/deny, oldest first. */
  pending(): PendingAuthorization[];
  /** Resolves with the oldest pending sign-in, now or as soon as one arrives. */
  waitForPending(): Promise<PendingAuthorization>;
  /** Registers a client and issues tokens directly (for token cache files). */
  seedSession(opts?: SeedSessionOptions): SeededSession;
  /** Every access token issued so far is expired (the portal answers UnauthorizedException). */
  expireAccessTokens(): void;
  /** Every refresh token issued so far is invalid (CreateToken answers InvalidGrantException). */
  revokeRefreshTokens(): void;
  /** Every client registered so far is expired (InvalidClientException). */
  expireRegistrations(): void;
  /** Moves the emulator's clock forward (device codes, tokens, registrations expire without waiting). */
  advanceClock(seconds: number): void;
  /** The emulator's clock, epoch ms. */
  now(): number;
  /** The next request(s) of `operation` fail with `fault`. */
  failNext(operation: SsoOperation, fault: SsoFault): void;
  /** Back to the state right after start: no clients, tokens, requests, faults; options as given. */
  reset(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}
