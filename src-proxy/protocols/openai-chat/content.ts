import { ProxyError } from '../../errors';
import { cachePointFor, documentFormatOf, documentName, fetchedImage, imageFormatFromMime, imageFromBytes, isBlank, sniffImageFormat, type ImageData } from '../../converse/media';
import { parseDataUrl } from '../../converse/data-url';
import type { NeutralBlock } from '../../converse/neutral';
import type { ContentPart } from './schema';

// OpenAI content parts (text, image_url, file, refusal) to neutral blocks.

export { imageFormatFromMime, isBlank, sniffImageFormat, type ImageData };

/** The image URL of an image_url part (string or {url}). */
export function imageUrlOf(part: { image_url: string | { url: string } }): string {
  return typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
}

/** Turns a data: URL or an already fetched http(s) image into an image block. */
export function imageBlock(url: string, fetched: ReadonlyMap<string, ImageData>, param: string): NeutralBlock {
  if (url.startsWith('data:')) {
    const { mime, bytes } = parseDataUrl(url, param);
    return imageFromBytes(bytes, mime, param);
  }
  return fetchedImage(url, fetched, param);
}

function documentBlock(part: { file: { file_data?: string; filename?: string } }, index: number, param: string): NeutralBlock {
  if (!part.file.file_data) {
    throw new ProxyError('unsupported_parameter', `'${param}': uploaded file ids are not supported; send the file inline as file_data.`, { param });
  }
  const { mime, bytes } = parseDataUrl(part.file.file_data, `${param}.file.file_data`);
  const image = sniffImageFormat(bytes) ?? imageFormatFromMime(mime);
  if (image) return { image: { format: image, source: { bytes } } };
  const format = documentFormatOf(mime, part.file.filename?.split('.').pop()?.toLowerCase());
  if (!format) throw new ProxyError('invalid_request', `'${param}' has type ${mime || 'unknown'}; Bedrock documents may be pdf, csv, doc, docx, xls, xlsx, html, txt or md.`, { param });
  return { document: { format, name: documentName(part.file.filename, index), source: { bytes } } };
}

/** Converts OpenAI message content (string or parts) into neutral blocks, a cache_control becoming a cache point after its block. */
export function contentBlocks(
  content: string | ContentPart[] | null | undefined,
  fetched: ReadonlyMap<string, ImageData>,
  param: string,
): NeutralBlock[] {
  if (content == null) return [];
  if (typeof content === 'string') return isBlank(content) ? [] : [{ text: content }];
  const blocks: NeutralBlock[] = [];
  content.forEach((part, i) => {
    const at = `${param}[${i}]`;
    let block: NeutralBlock | undefined;
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
