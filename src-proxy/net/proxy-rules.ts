import { BlockList, isIP } from 'node:net';

// How Outcrop reaches the network from behind a company proxy: which proxy a URL goes through,
// which hosts skip it (NO_PROXY), and which extra CA certificates are trusted. The values are
// resolved in src-main (env + settings); src-proxy only applies them.

/** The network settings every outgoing connection follows (Bedrock, SSO, STS, image fetches). */
export interface NetworkConfig {
  /** Proxy for https:// targets (http://host:port or https://host:port, optionally user:pass@). */
  httpsProxy?: string;
  /** Proxy for http:// targets. */
  httpProxy?: string;
  /** Hosts that skip the proxy, as NO_PROXY writes them: comma- or space-separated. */
  noProxy?: string;
  /** PEM certificates trusted on top of Node's bundled roots (AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS). */
  extraCa?: string[];
}

/** True when the config changes anything compared with a plain Node connection. */
export function hasNetworkConfig(cfg: NetworkConfig | undefined): cfg is NetworkConfig {
  return Boolean(cfg && (cfg.httpsProxy || cfg.httpProxy || cfg.extraCa?.length));
}

/** The proxy URL for a target URL, or undefined to connect directly. */
export function proxyFor(target: URL | string, cfg: NetworkConfig | undefined): URL | undefined {
  if (!cfg) return undefined;
  const url = typeof target === 'string' ? new URL(target) : target;
  const proxy = url.protocol === 'http:' ? cfg.httpProxy : cfg.httpsProxy;
  if (!proxy) return undefined;
  const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
  if (noProxyMatches(url.hostname, port, cfg.noProxy)) return undefined;
  return new URL(proxy);
}

/**
 * Whether host:port is exempt from the proxy, as curl and the AWS CLI read NO_PROXY: `*` matches
 * everything; `example.com`, `.example.com` and `*.example.com` match the domain and every name
 * under it; an entry with `:port` matches that port only; IP addresses match exactly, and CIDR
 * ranges (`10.0.0.0/8`) match the addresses in them. Loopback is not special (as with the AWS
 * CLI): list `localhost,127.0.0.1` to keep it off the proxy.
 */
export function noProxyMatches(host: string, port: number, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const name = normaliseHost(host);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const { pattern, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (matchesPattern(name, pattern)) return true;
  }
  return false;
}

function matchesPattern(name: string, pattern: string): boolean {
  const slash = pattern.indexOf('/');
  if (slash > 0) {
    const base = pattern.slice(0, slash);
    const bits = Number(pattern.slice(slash + 1));
    const family = isIP(base);
    if (!family || !isIP(name) || !Number.isInteger(bits)) return false;
    const list = new BlockList();
    try {
      list.addSubnet(base, bits, family === 6 ? 'ipv6' : 'ipv4');
      return list.check(name, isIP(name) === 6 ? 'ipv6' : 'ipv4');
    } catch {
      return false;
    }
  }
  const domain = normaliseHost(pattern.replace(/^\*?\./, ''));
  if (!domain) return false;
  if (isIP(domain)) return domain === name;
  return name === domain || name.endsWith(`.${domain}`);
}

// "[::1]:443" -> ::1 and 443; "host:8080" -> host and 8080; a bare IPv6 address has no port.
function splitPort(entry: string): { pattern: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { pattern: bracketed[1], entryPort: bracketed[2] ? Number(bracketed[2]) : undefined };
  const colon = entry.lastIndexOf(':');
  if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1))) {
    return { pattern: entry.slice(0, colon), entryPort: Number(entry.slice(colon + 1)) };
  }
  return { pattern: entry };
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/** A proxy URL fit for logs and screens: the password (and user name) replaced. */
export function redactProxyUrl(proxy: string | URL | undefined): string {
  if (!proxy) return '';
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.username || url.password ? '***@' : ''}${url.host}`;
  } catch {
    return '(an invalid proxy URL)';
  }
}

/** The Proxy-Authorization header for a proxy URL with user:pass@, else undefined. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

