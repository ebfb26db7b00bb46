// Network and session failures as one sentence with the action that fixes them. Node and the AWS
// SDK report these as codes buried in a cause chain (`getaddrinfo ENOTFOUND oidc.…`), or as a
// service error with a wall of text; the user needs to know which of a handful of things it is.
// Pure: used by the proxy (bedrock_unreachable), SSO sign-in (CLI and UI) and the doctor.

export type NetworkProblem = 'proxy' | 'dns' | 'refused' | 'timeout' | 'unreachable' | 'reset' | 'tls' | 'tls-expired' | 'sso-expired';

export interface NetworkExplanation {
  problem: NetworkProblem;
  /** The system or SDK code that told us (ENOTFOUND, CERT_HAS_EXPIRED, UnauthorizedException…). */
  code: string;
  /** The host that failed, when the error names one. */
  host?: string;
  /** One sentence: what went wrong and what to do. */
  sentence: string;
}

export interface ExplainOptions {
  /** What was being reached, for the sentence ("AWS SSO", "Bedrock"). */
  service?: string;
  /** The command that signs in again, for an expired session. */
  loginCommand?: string;
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'TimeoutError']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_STREAM_CANCEL', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION']);
// https://nodejs.org/api/tls.html#x509-certificate-error-codes
const TLS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const TLS_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
// SSO portal / OIDC answers that mean the sign-in is over (the portal's 401 comes with a long message).
const SESSION = new Set(['UnauthorizedException', 'ExpiredTokenException', 'InvalidGrantException', 'TokenProviderError']);
const SESSION_TEXT = /SSO session .*(expired|invalid)|token (has )?expired|Session token not found or invalid/i;

interface Chained {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  hostname?: unknown;
  host?: unknown;
  cause?: unknown;
  errors?: unknown;
}

// Every error in the chain: the SDK's handlers wrap socket errors (cause, AggregateError.errors).
function chain(err: unknown): Chained[] {
  const out: Chained[] = [];
  const walk = (e: unknown, depth: number): void => {
    if (!e || typeof e !== 'object' || depth > 6 || out.includes(e as Chained)) return;
    out.push(e as Chained);
    const c = e as Chained;
    walk(c.cause, depth + 1);
    if (Array.isArray(c.errors)) for (const inner of c.errors) walk(inner, depth + 1);
  };
  walk(err, 0);
  return out;
}

function codeOf(e: Chained): string | undefined {
  if (typeof e.code === 'string') return e.code;
  const m = typeof e.message === 'string' ? /\b(E[A-Z_]{3,}|UNABLE_TO_[A-Z_]+|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_[A-Z_]+)\b/.exec(e.message) : null;
  return m?.[1];
}

function hostOf(links: Chained[]): string | undefined {
  for (const e of links) {
    if (typeof e.hostname === 'string') return e.hostname;
    if (typeof e.host === 'string') return e.host;
    const m = typeof e.message === 'string' ? /(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\s+([\w.:[\]-]+)/.exec(e.message) : null;
    if (m) return m[1];
  }
  return undefined;
}

// Wrappers carry vaguer codes than their causes (an HTTP/2 stream cancel around ECONNREFUSED):
// the most specific problem anywhere in the chain wins.
const PRIORITY: NetworkProblem[] = ['proxy', 'dns', 'refused', 'unreachable', 'tls-expired', 'tls', 'timeout', 'sso-expired', 'reset'];

function classify(e: Chained): { problem: NetworkProblem; code: string } | undefined {
  const code = codeOf(e);
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  // The CONNECT tunnel's own failures (src-proxy/net/tunnel.ts): the proxy, not the target, is at fault.
  if (code?.startsWith('EPROXY')) return { problem: 'proxy', code };
  if (code && DNS.has(code)) return { problem: 'dns', code };
  if (code === 'ECONNREFUSED') return { problem: 'refused', code };
  if (code && UNREACHABLE.has(code)) return { problem: 'unreachable', code };
  if (code && TLS_EXPIRED.has(code)) return { problem: 'tls-expired', code };
  if (code && TLS.has(code)) return { problem: 'tls', code };
  if ((code && TIMEOUT.has(code)) || TIMEOUT.has(name)) return { problem: 'timeout', code: code ?? name };
  if (SESSION.has(name) || SESSION_TEXT.test(message)) return { problem: 'sso-expired', code: name || 'expired' };
  if (code && RESET.has(code)) return { problem: 'reset', code };
  return undefined;
}

/** Classifies a Node, TLS or SDK error as a network/session problem with one sentence and its fix; undefined for anything else. */
export function explainNetworkError(err: unknown, opts: ExplainOptions = {}): NetworkExplanation | undefined {
  const links = chain(err);
  const found = links.map(classify).filter((f): f is NonNullable<typeof f> => f !== undefined);
  if (found.length === 0) return undefined;
  const { problem, code } = found.sort((a, b) => PRIORITY.indexOf(a.problem) - PRIORITY.indexOf(b.problem))[0];
  const service = opts.service ?? 'AWS';
  const host = hostOf(links);
  const at = host ? ` (${host})` : '';
  const login = opts.loginCommand ? `sign in again with \`${opts.loginCommand}\`` : 'sign in again';
  const proxyWhy = links.find((e) => typeof e.code === 'string' && e.code.startsWith('EPROXY'))?.message;
  const sentence: Record<NetworkProblem, string> = {
    proxy: `${typeof proxyWhy === 'string' ? proxyWhy.replace(/\.$/, '') : 'The HTTPS proxy failed'} — check the proxy in Outcrop's settings (or HTTPS_PROXY / NO_PROXY), then try again.`,
    dns: `Could not look up ${service}${at}: this machine looks offline or its DNS is failing — check the network or VPN connection, then try again.`,
    refused: `${service}${at} refused the connection: nothing is listening there — check the endpoint setting (or start the emulator), then try again.`,
    unreachable: `${service}${at} cannot be reached from this network — check the network or VPN connection, then try again.`,
    timeout: `${service}${at} did not answer in time — check the network, VPN or proxy (HTTPS_PROXY), then try again.`,
    'tls-expired': `The TLS certificate of ${service}${at} is expired or not yet valid — check this machine's clock, or the proxy that intercepts HTTPS.`,
    tls: `The TLS certificate of ${service}${at} is not trusted (${code}) — a corporate proxy is probably intercepting HTTPS: point AWS_CA_BUNDLE (or NODE_EXTRA_CA_CERTS) at its CA certificate and restart Outcrop.`,
    reset: `The connection to ${service}${at} was cut (${code}) — retry; if it keeps happening check the network, VPN or proxy.`,
    'sso-expired': `The AWS SSO session expired or was revoked — ${login}.`,
  };
  const text = sentence[problem];
  return { problem, code, host, sentence: text[0].toUpperCase() + text.slice(1) };
}
