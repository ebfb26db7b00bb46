import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { createHostGuard } from '../../../src-proxy/net/host-guard';
import { httpGet } from '../../../src-proxy/net/http-get';
import type { NetworkConfig } from '../../../src-proxy/net/proxy-rules';
import type { OfferCode } from './offer';

// Downloads one offer file of the AWS Price List Bulk API (public, no credentials) through the
// user's proxy and CAs, bounded in size and time.
// https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-ppslong.html

export interface DownloadLimits {
  /** Largest file accepted (decompressed bytes). */
  maxBytes: number;
  /** Longest a download may take, start to end. */
  timeoutMs: number;
}

// A region's Bedrock offer files are a few MB; this leaves room to grow without letting a broken
// or hostile answer fill memory.
export const DEFAULT_LIMITS: DownloadLimits = { maxBytes: 48 * 1024 * 1024, timeoutMs: 60_000 };

// The URL is the user's (or AWS's) choice, not a request's: a stand-in on the local network is allowed.
const guard = createHostGuard({ allowPrivate: true });

/** The offer file's URL for a region. */
export function offerUrl(base: string, offer: OfferCode, region: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}/offers/v1.0/aws/${offer}/current/${encodeURIComponent(region)}/index.json`);
}

/** Downloads and JSON-parses an offer file; undefined when AWS publishes none for the region (404/403); throws with why otherwise. */
export async function downloadOffer(url: URL, network: NetworkConfig | undefined, limits: DownloadLimits = DEFAULT_LIMITS, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await httpGet(url, { guard, network, signal: combined, headers: { 'accept-encoding': 'gzip', accept: 'application/json' } });
    const status = res.statusCode ?? 0;
    if (status === 404 || status === 403) {
      res.resume();
      return undefined;
    }
    if (status < 200 || status > 299) {
      res.resume();
      throw new Error(`${url.href} answered HTTP ${status}`);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      res.destroy();
      throw new Error(`${url.href} is ${declared} bytes, more than the ${limits.maxBytes} accepted`);
    }
    const body: Readable = /gzip/i.test(String(res.headers['content-encoding'] ?? '')) ? res.pipe(createGunzip()) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxBytes) {
        res.destroy();
        throw new Error(`${url.href} is more than the ${limits.maxBytes} bytes accepted`);
      }
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new Error(`${url.href} is not JSON`);
    }
  } catch (err) {
    if (timeout.aborted) throw new Error(`${url.href} took longer than ${limits.timeoutMs / 1000} s`);
    throw err;
  }
}
