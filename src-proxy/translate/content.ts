import type { CachePointBlock, ContentBlock, DocumentFormat, ImageFormat } from '@aws-sdk/client-bedrock-runtime';
import { ProxyError } from '../errors';
import type { ContentPart } from '../schemas/openai-chat';

/** An image ready for Bedrock: its format and raw bytes. */
export interface ImageData {
  format: ImageFormat;
  bytes: Uint8Array;
}

/** A content block, or a marker saying "put a cache point after the previous block". */
export type BlockOrCache = ContentBlock | { cachePoint: CachePointBlock };

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

interface DataUrl {
  mime: string;
  bytes: Uint8Array;
}

function parseDataUrl(url: string, param: string): DataUrl {
  const match = /^data:([^;,]*)((?:;[^;,]*)*?);base64,(.*)$/s.exec(url);
  if (!match) throw new ProxyError('invalid_request', `'${param}' is not a base64 data URL (data:<mime>;base64,<data>).`, { param });
  const bytes = Buffer.from(match[3], 'base64');
  if (bytes.length === 0) throw new ProxyError('invalid_request', `'${param}' holds no data.`, { param });
  return { mime: match[1].toLowerCase(), bytes };
}

/** The image URL of an image_url part (string or {url}). */
export function imageUrlOf(part: { image_url: string | { url: string } }): string {
  return typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
}

/** Turns a data: URL or an already fetched http(s) image into an image block. */
export function imageBlock(url: string, fetched: ReadonlyMap<string, ImageData>, param: string): ContentBlock {
  if (url.startsWith('data:')) {
    const { mime, bytes } = parseDataUrl(url, param);
    const format = sniffImageFormat(bytes) ?? imageFormatFromMime(mime);
    if (!format) throw new ProxyError('invalid_request', `'${param}' is a ${mime || 'unknown'} image; Bedrock takes png, jpeg, gif or webp.`, { param });
    return { image: { format, source: { bytes } } };
  }
  const image = fetched.get(url);
  if (!image) throw new ProxyError('invalid_request', `'${param}' must be a data: URL or an http(s) URL.`, { param });
  return { image: { format: image.format, source: { bytes: image.bytes } } };
}

// Bedrock document names allow letters, digits, single spaces, hyphens, parentheses and brackets.
function documentName(filename: string | undefined, index: number): string {
  const base = (filename ?? `document ${index + 1}`).replace(/\.[a-z0-9]+$/i, '');
  const cleaned = base.replace(/[^a-zA-Z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  return (cleaned || `document ${index + 1}`).slice(0, 200);
}

function documentBlock(part: { file: { file_data?: string; filename?: string } }, index: number, param: string): ContentBlock {
  if (!part.file.file_data) {
    throw new ProxyError('unsupported_parameter', `'${param}': uploaded file ids are not supported; send the file inline as file_data.`, { param });
  }
  const { mime, bytes } = parseDataUrl(part.file.file_data, `${param}.file.file_data`);
  const image = sniffImageFormat(bytes) ?? imageFormatFromMime(mime);
  if (image) return { image: { format: image, source: { bytes } } };
  const ext = part.file.filename?.split('.').pop()?.toLowerCase();
  const format = DOC_MIME[mime] ?? (ext && Object.values(DOC_MIME).includes(ext as DocumentFormat) ? (ext as DocumentFormat) : undefined);
  if (!format) throw new ProxyError('invalid_request', `'${param}' has type ${mime || 'unknown'}; Bedrock documents may be pdf, csv, doc, docx, xls, xlsx, html, txt or md.`, { param });
  return { document: { format, name: documentName(part.file.filename, index), source: { bytes } } };
}

/** True when a text is empty or whitespace only (Bedrock rejects such blocks, rule 3). */
export function isBlank(text: string | null | undefined): boolean {
  return !text || text.trim().length === 0;
}

/** Converts OpenAI message content (string or parts) into Converse blocks, keeping cache_control as cache markers. */
export function contentBlocks(
  content: string | ContentPart[] | null | undefined,
  fetched: ReadonlyMap<string, ImageData>,
  param: string,
): BlockOrCache[] {
  if (content == null) return [];
  if (typeof content === 'string') return isBlank(content) ? [] : [{ text: content }];
  const blocks: BlockOrCache[] = [];
  content.forEach((part, i) => {
    const at = `${param}[${i}]`;
    let block: ContentBlock | undefined;
    if (part.type === 'text') {
      const text = (part as { text: string }).text;
      if (!isBlank(text)) block = { text };
    } else if (part.type === 'image_url') {
      block = imageBlock(imageUrlOf(part as { image_url: string | { url: string } }), fetched, at);
    } else if (part.type === 'file') {
      block = documentBlock(part as { file: { file_data?: string; filename?: string } }, i, at);
    } else if (part.type === 'refusal') {
      const text = (part as { refusal?: string }).refusal;
      if (!isBlank(text)) block = { text: text! };
    } else {
      throw new ProxyError('unsupported_parameter', `'${at}.type' "${part.type}" is not supported by Outcrop; send text, image_url or file parts.`, { param: `${at}.type` });
    }
    if (!block) return;
    blocks.push(block);
    const control = (part as { cache_control?: unknown }).cache_control;
    if (control) blocks.push(cachePointFor(control));
  });
  return blocks;
}

/** The text of OpenAI content, for places that only take text (system, tool results). */
export function contentText(content: string | ContentPart[] | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? (p as { text: string }).text : '')).join('');
}
