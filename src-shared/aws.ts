// AWS profiles as the core reports them to the CLI, the tray and the settings window.

export type ProfileKind = 'sso' | 'sso-legacy' | 'static' | 'role' | 'process' | 'web-identity' | 'other';

export type ProfileStatus = 'valid' | 'expiring' | 'needs-sign-in' | 'error' | 'unknown';

export interface ProfileState {
  status: ProfileStatus;
  /** When the credentials or SSO token stop working (RFC 3339). */
  expiresAt?: string;
  /** SSO: the SDK renews the access token by itself (sso-session with a live client registration). */
  refreshable?: boolean;
  /**
   * SSO: when the session ends and the user must sign in again (RFC 3339): the token's expiry, or
   * for a refreshable session the client registration's expiry (the latest it can last).
   */
  sessionEndsAt?: string;
  /** A sentence for the user. */
  message?: string;
}

export interface ProfileSummary {
  name: string;
  kind: ProfileKind;
  region?: string;
  sources?: Array<'config' | 'credentials'>;
  ssoSession?: string;
  startUrl?: string;
  accountId?: string;
  roleName?: string;
  roleArn?: string;
  sourceProfile?: string;
  /** Why the profile cannot be used as written. */
  problem?: string;
  state?: ProfileState;
}
