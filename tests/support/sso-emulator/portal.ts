// SSO portal (restJson1, unsigned, bearer token in `x-amz-sso_bearer_token`):
// GetRoleCredentials, ListAccounts, ListAccountRoles, Logout.
// https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/
import { SsoError, type SsoExchange } from './http';
import type { SsoStore } from './store';
import type { IssuedRoleCredentials, SsoAccount } from './types';

export const BEARER_HEADER = 'x-amz-sso_bearer_token';
const DEFAULT_PAGE_SIZE = 100;

function account(store: SsoStore, ex: SsoExchange): { userName: string; account: SsoAccount } {
  const { user } = store.userForToken(ex.rec.headers[BEARER_HEADER]);
  const accountId = ex.rec.query.account_id;
  if (!accountId) throw new SsoError('InvalidRequestException', 'account_id is required');
  const found = user.accounts.find((a) => a.accountId === accountId);
  if (!found) throw new SsoError('ForbiddenException', 'No access');
  return { userName: user.userName, account: found };
}

// next_token is opaque to clients; here it is the offset of the next page, tied to the operation.
function page<T>(items: T[], ex: SsoExchange, scope: string): { items: T[]; nextToken?: string } {
  const { max_result: max, next_token: next } = ex.rec.query;
  const size = max === undefined ? DEFAULT_PAGE_SIZE : Number(max);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new SsoError('InvalidRequestException', 'max_result must be between 1 and 1000');
  let offset = 0;
  if (next !== undefined) {
    const m = /^(.+):(\d+)$/.exec(Buffer.from(next, 'base64url').toString('utf8'));
    if (!m || m[1] !== scope || Number(m[2]) > items.length) throw new SsoError('InvalidRequestException', 'Invalid next_token');
    offset = Number(m[2]);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(`${scope}:${end}`, 'utf8').toString('base64url') : undefined,
  };
}

/** GET /federation/credentials?account_id&role_name */
export function getRoleCredentials(ex: SsoExchange, store: SsoStore, onIssued: (c: IssuedRoleCredentials) => void): void {
  const roleName = ex.rec.query.role_name;
  if (!roleName) {
    store.userForToken(ex.rec.headers[BEARER_HEADER]);
    throw new SsoError('InvalidRequestException', 'role_name is required');
  }
  const { userName, account: acct } = account(store, ex);
  if (!acct.roles.includes(roleName)) throw new SsoError('ForbiddenException', 'No access');
  const creds = store.roleCredentials();
  onIssued({ ...creds, accountId: acct.accountId, roleName, userName });
  ex.json({ roleCredentials: creds });
}

/** GET /assignment/accounts?max_result&next_token */
export function listAccounts(ex: SsoExchange, store: SsoStore): void {
  const { user } = store.userForToken(ex.rec.headers[BEARER_HEADER]);
  const accounts = user.accounts.map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress }));
  const { items, nextToken } = page(accounts, ex, 'accounts');
  ex.json({ accountList: items, ...(nextToken && { nextToken }) });
}

/** GET /assignment/roles?account_id&max_result&next_token */
export function listAccountRoles(ex: SsoExchange, store: SsoStore): void {
  const { account: acct } = account(store, ex);
  const roles = acct.roles.map((roleName) => ({ roleName, accountId: acct.accountId }));
  const { items, nextToken } = page(roles, ex, `roles/${acct.accountId}`);
  ex.json({ roleList: items, ...(nextToken && { nextToken }) });
}

/** POST /logout: ends the sign-in session of the bearer token (its access and refresh tokens). */
export function logout(ex: SsoExchange, store: SsoStore): void {
  const { record } = store.userForToken(ex.rec.headers[BEARER_HEADER]);
  store.endSession(record.sessionId);
  ex.send(200, {});
}
