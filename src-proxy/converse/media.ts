import type { CachePointBlock, DocumentFormat, ImageFormat } from '@aws-sdk/client-bedrock-runtime';
import { ProxyError } from '../errors';
import type { NeutralBlock } from './neutral';

// Media and markers every protocol turns its parts into: images and documents in the formats
// Bedrock takes, and the cache point for a client's cache_control.

/** An image ready for Bedrock: its format and raw bytes. */
export interface ImageData {
  format: ImageFormat;
  bytes: Uint8Array;
}

/** The cache point for an OpenAI/Anthropic cache_control marker, keeping a "5m"/"1h" ttl. */
export function cachePointFor(control: unknown): { cachePoint: CachePointBlock } {
  const ttl = (control as { ttl?: unknown } | undefined)?.ttl;
  return { cachePoint: ttl === '5m' || ttl === '1h' ? { type: 'default', ttl } : { type: 'default' } };
}

const IMAGE_MIME: Record<string, ImageFormat> = {
  'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp',
};

const DOC_MIME: Record<string, DocumentFormat> = {
  'application/pdf': 'pdf', 'text/csv': 'csv', 'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html', 'text/plain': 'txt', 'text/markdown': 'md',
};

/** Detects an image format from its first bytes (magic numbers); undefined when not an image we know. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'gif';
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 && bytes[8] === 0x57 && bytes[9] === 0x45) return 'webp';
  return undefined;
}

/** Mime-type name (image/png) to Bedrock image format, if supported. */
export function imageFormatFromMime(mime: string): ImageFormat | undefined {
  return IMAGE_MIME[mime.toLowerCase().split(';')[0].trim()];
}

/** Mime-type name (or a file extension as fallback) to Bedrock document format, if supported. */
export function documentFormatOf(mime: string, ext?: string): DocumentFormat | undefined {
  return DOC_MIME[mime.toLowerCase().split(';')[0].trim()] ?? (ext && Object.values(DOC_MIME).includes(ext as DocumentFormat) ? (ext as DocumentFormat) : undefined);
}

/** An image block from raw bytes; the bytes decide the format, the mime type is the fallback. */
export function imageFromBytes(bytes: Uint8Array, mime: string, param: string): NeutralBlock {
  if (bytes.length === 0) throw new ProxyError('invalid_request', `'${param}' holds no data.`, { param });
  const format = sniffImageFormat(bytes) ?? imageFormatFromMime(mime);
  if (!format) throw new ProxyError('invalid_request', `'${param}' is a ${mime || 'unknown'} image; Bedrock takes png, jpeg, gif or webp.`, { param });
  return { image: { format, source: { bytes } } };
}

/** The image block for an http(s) image fetched before the mapping (the fetcher's guards applied). */
export function fetchedImage(url: string, fetched: ReadonlyMap<string, ImageData>, param: string): NeutralBlock {
  const image = fetched.get(url);
  if (!image) throw new ProxyError('invalid_request', `'${param}' must be a data: URL or an http(s) URL.`, { param });
  return { image: { format: image.format, source: { bytes: image.bytes } } };
}

// Bedrock document names allow letters, digits, single spaces, hyphens, parentheses and brackets.
/** A document name Bedrock accepts, from a file name or the document's position. */
export function documentName(filename: string | undefined, index: number): string {
  const base = (filename ?? `document ${index + 1}`).replace(/\.[a-z0-9]+$/i, '');
  const cleaned = base.replace(/[^a-zA-Z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  return (cleaned || `document ${index + 1}`).slice(0, 200);
}

/** True when a text is empty or whitespace only (Bedrock rejects such blocks, rule 3). */
export function isBlank(text: string | null | undefined): boolean {
  return !text || text.trim().length === 0;
}
