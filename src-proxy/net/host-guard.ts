import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import { addressAllowed } from './address-policy';

// The check every image download makes before each request (the first and every redirect hop):
// resolve the host once, refuse it if any address is not allowed, and pin the connection to the
// addresses checked (a second lookup could answer differently: DNS rebinding).

/** One address of a host name. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address of a host name (dns.lookup with all: true in the app; tests map names of their own). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface HostGuardOptions {
  /** Allow private, loopback, link-local… addresses (the allowPrivateImageHosts setting). */
  allowPrivate: boolean;
  resolve?: HostResolver;
  /**
   * Test seam: the address a checked address is dialled at (the address itself in the app), so tests
   * can stand a local server in for a public address. Not reachable from settings.
   */
  dialAddress?: (checked: string) => string;
}

/** A host refused by the address policy. Its message is the same whatever the host is or runs. */
export class RefusedHostError extends Error {
  readonly code = 'EREFUSEDHOST';
  constructor() {
    super('the host is a private or local network address');
    this.name = 'RefusedHostError';
  }
}

/** Checks hosts before image requests. */
export interface HostGuard {
  /**
   * Checks `url`'s host; `proxied` when a company proxy will connect to it by name. Resolves with a
   * lookup pinning the connection to the checked addresses, or undefined when nothing is looked up
   * (a literal address, or a name the proxy resolves); rejects with RefusedHostError.
   */
  check(url: URL, proxied: boolean, signal?: AbortSignal): Promise<LookupFunction | undefined>;
}

// Through a company proxy the name is resolved by the proxy; a machine behind one often cannot
// resolve outside names at all, so the local check gives up after this long instead of holding
// every image download (what the name resolves to locally, when it does, is still checked).
const LOCAL_CHECK_THROUGH_PROXY_MS = 3000;

const systemResolver: HostResolver = (hostname) => dns.promises.lookup(hostname, { all: true });

/** A HostGuard for one policy (strict, or private hosts allowed). */
export function createHostGuard(opts: HostGuardOptions): HostGuard {
  const resolve = opts.resolve ?? systemResolver;
  const allowed = (address: string): boolean => addressAllowed(address, opts.allowPrivate);
  return {
    async check(url, proxied, signal) {
      const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
      if (net.isIP(host)) {
        if (!allowed(host)) throw new RefusedHostError();
        return undefined;
      }
      // RFC 6761: localhost and every name under it are loopback, whatever a resolver says.
      if (!opts.allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw new RefusedHostError();
      if (proxied) {
        // Checked even with private hosts allowed: a name for cloud metadata stays refused.
        const found = await within(resolve(host), LOCAL_CHECK_THROUGH_PROXY_MS, signal).catch((err: unknown) => {
          if (signal?.aborted) throw err;
          return [];
        });
        if (found.some((a) => !allowed(a.address))) throw new RefusedHostError();
        return undefined;
      }
      const found = await within(resolve(host), undefined, signal);
      if (!found.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      if (found.some((a) => !allowed(a.address))) throw new RefusedHostError();
      return pinnedLookup(host, found, opts.dialAddress ?? ((a) => a));
    },
  };
}

// Refuse if ANY address is refused rather than connecting to the allowed ones: a name with a
// private address among public ones is a rebinding setup, not a host anyone serves images from.

/** A lookup for net.connect that answers `host` with the checked addresses and nothing else. */
function pinnedLookup(host: string, found: ResolvedAddress[], dial: (a: string) => string): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
    const usable = found.filter((a) => family === 0 || a.family === family).map((a) => ({ address: dial(a.address), family: a.family }));
    if (hostname.replace(/\.$/, '').toLowerCase() !== host || !usable.length) {
      const err: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return callback(err, '', undefined);
    }
    if (options.all) return callback(null, usable);
    callback(null, usable[0].address, usable[0].family);
  };
}

// Waits for `work`, at most `ms` (when given) and never past the signal's abort.
function within<T>(work: Promise<T>, ms: number | undefined, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = ms === undefined ? undefined : setTimeout(() => done(() => reject(new Error('lookup took too long'))), ms);
    const onAbort = (): void => done(() => reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(settle: () => void): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    work.then((v) => done(() => resolve(v)), (err: unknown) => done(() => reject(err)));
  });
}
