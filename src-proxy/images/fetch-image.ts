import type { IncomingMessage } from 'node:http';
import { ProxyError } from '../errors';
import { createHostGuard, RefusedHostError, type HostGuardOptions } from '../net/host-guard';
import type { NetworkConfig } from '../net/proxy-rules';
import { imageFormatFromMime, sniffImageFormat, type ImageData } from '../converse/media';

/** Fetches one http(s) image for a request. */
export type ImageFetcher = (url: string, signal?: AbortSignal) => Promise<ImageData>;

export interface ImageFetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

// Bedrock takes images up to 3.75 MB each; a little headroom for formats it recompresses.
export const DEFAULT_IMAGE_LIMITS: ImageFetchLimits = { maxBytes: 5 * 1024 * 1024, timeoutMs: 10_000 };

/** Distinct image URLs one request may name: Bedrock's Converse takes at most 20 images per request. */
export const MAX_IMAGES_PER_REQUEST = 20;

// Downloads of one request running at once: enough for a page of screenshots, few enough that a
// request cannot open sockets and DNS lookups by the dozen.
export const MAX_PARALLEL_DOWNLOADS = 6;

/** Test seams of the host check: name resolution and where checked addresses are dialled (see host-guard.ts). */
export type ImageHostSeams = Omit<HostGuardOptions, 'allowPrivate'>;

/**
 * An ImageFetcher enforcing a size and a time limit; connections follow `network()` (proxy,
 * NO_PROXY, CAs) and hosts must be public unless `allowPrivate()` (the allowPrivateImageHosts
 * setting), both read per fetch.
 */
export function createImageFetcher(
  limits: ImageFetchLimits = DEFAULT_IMAGE_LIMITS,
  network: () => NetworkConfig | undefined = () => undefined,
  allowPrivate: () => boolean = () => false,
  seams: ImageHostSeams = {},
): ImageFetcher {
  const strict = createHostGuard({ ...seams, allowPrivate: false });
  const open = createHostGuard({ ...seams, allowPrivate: true });
  return async (url, signal) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ProxyError('image_fetch_failed', `Image URL ${shortUrl(url)} is not a valid URL.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ProxyError('image_fetch_failed', `Image URL ${shortUrl(url)} must be http(s) or a data: URL.`);
    }
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const guard = allowPrivate() ? open : strict;
    const failed = (err: unknown): ProxyError => {
      if (err instanceof RefusedHostError) return refused(url, guard === open);
      const why = timeout.aborted ? `took longer than ${limits.timeoutMs / 1000} s` : (err as Error).message;
      return new ProxyError('image_fetch_failed', `Could not download image ${shortUrl(url)}: ${why}.`);
    };
    let res: IncomingMessage;
    try {
      // The HTTP client (https, tls, the proxy tunnel) loads with the first image URL, not before the server listens.
      const { httpGet } = await import('../net/http-get');
      res = await httpGet(parsed, { guard, network: network(), signal: combined });
    } catch (err) {
      throw failed(err);
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      res.destroy();
      throw new ProxyError('image_fetch_failed', `Could not download image ${shortUrl(url)}: HTTP ${status}.`);
    }
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > limits.maxBytes) {
      res.destroy();
      throw tooLarge(url, limits);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(res, limits, url);
    } catch (err) {
      res.destroy();
      throw err instanceof ProxyError ? err : failed(err);
    }
    const format = sniffImageFormat(bytes) ?? imageFormatFromMime(String(res.headers['content-type'] ?? ''));
    if (!format) throw new ProxyError('image_fetch_failed', `Image ${shortUrl(url)} is not png, jpeg, gif or webp.`);
    return { format, bytes };
  };
}

async function readLimited(res: IncomingMessage, limits: ImageFetchLimits, url: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limits.maxBytes) throw tooLarge(url, limits);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// One message for every refused host, whatever it is and whatever listens there (or not): the
// answer must not tell a prompt which local ports are open. It names the requested URL, never
// where a redirect led.
function refused(url: string, privateAllowed: boolean): ProxyError {
  const message = privateAllowed
    ? `Image URL ${shortUrl(url)} points to an address Outcrop never fetches images from (cloud metadata, multicast, broadcast or unspecified).`
    : `Image URL ${shortUrl(url)} points to a private or local network address; Outcrop does not fetch those (turn on 'Allow private image hosts' in Settings if you need it).`;
  return new ProxyError('image_fetch_failed', message);
}

function tooLarge(url: string, limits: ImageFetchLimits): ProxyError {
  return new ProxyError('image_fetch_failed', `Image ${shortUrl(url)} is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB; send a smaller image.`);
}

// URLs may carry signed query strings: never echo them whole.
function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`.slice(0, 120);
  } catch {
    return url.slice(0, 40);
  }
}

/**
 * Fetches every http(s) image URL of the given list, at most MAX_PARALLEL_DOWNLOADS at once; the
 * first failure aborts the downloads still running and starts no more.
 */
export async function fetchAll(urls: Iterable<string>, fetcher: ImageFetcher, signal?: AbortSignal): Promise<Map<string, ImageData>> {
  const unique = [...new Set(urls)];
  // Checked before any download: a large body can name tens of thousands of URLs.
  if (unique.length > MAX_IMAGES_PER_REQUEST) {
    throw new ProxyError('invalid_request', `At most ${MAX_IMAGES_PER_REQUEST} image URLs per request (Bedrock takes at most ${MAX_IMAGES_PER_REQUEST} images); this one has ${unique.length}.`);
  }
  const failed = new AbortController();
  const combined = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
  const results: ImageData[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      // Once a download failed or the client left, start no more (and never resolve with gaps).
      combined.throwIfAborted();
      const i = next++;
      results[i] = await fetcher(unique[i], combined);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_DOWNLOADS, unique.length) }, worker));
  } catch (err) {
    failed.abort();
    throw err;
  }
  return new Map(unique.map((u, i) => [u, results[i]]));
}
