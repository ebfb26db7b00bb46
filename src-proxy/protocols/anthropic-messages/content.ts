import type { DocumentType } from '@smithy/types';
import { ProxyError } from '../../errors';
import { cachePointFor, documentFormatOf, documentName, fetchedImage, imageFromBytes, type ImageData } from '../../converse/media';
import type { NeutralBlock, NeutralToolResultPart } from '../../converse/neutral';
import type { AnthropicBlock, MessagesRequest } from './schema';

// Anthropic content blocks to neutral blocks. Thinking blocks go back with their signatures
// untouched: Bedrock checks them, and a changed byte fails the whole request.

type ImageLike = Extract<AnthropicBlock, { type: 'image' }>;
type DocumentLike = Extract<AnthropicBlock, { type: 'document' }>;

/** The blocks of one message's content; cache_control becomes a cache point right after its block. */
export function anthropicBlocks(content: string | AnthropicBlock[], images: ReadonlyMap<string, ImageData>, param: string): NeutralBlock[] {
  if (typeof content === 'string') return [{ text: content }];
  const out: NeutralBlock[] = [];
  content.forEach((block, i) => {
    const at = `${param}.${i}`;
    out.push(blockOf(block, images, at));
    const control = (block as { cache_control?: unknown }).cache_control;
    if (control) out.push(cachePointFor(control));
  });
  return out;
}

function blockOf(block: AnthropicBlock, images: ReadonlyMap<string, ImageData>, at: string): NeutralBlock {
  switch (block.type) {
    case 'text':
      return { text: block.text };
    case 'image':
      return imageOf(block, images, at);
    case 'document':
      return documentOf(block, at);
    case 'tool_use':
      return { toolUse: { toolUseId: block.id, name: block.name, input: toolInput(block.input) as DocumentType } };
    case 'tool_result':
      return { toolResult: { toolUseId: block.tool_use_id, content: toolResultParts(block.content, images, `${at}.content`), ...(block.is_error ? { status: 'error' as const } : {}) } };
    case 'thinking':
      return { reasoningContent: { reasoningText: { text: block.thinking, ...(block.signature !== undefined ? { signature: block.signature } : {}) } } };
    case 'redacted_thinking':
      return { reasoningContent: { redactedContent: Buffer.from(block.data, 'base64') } };
  }
}

// Bedrock needs a JSON object as tool input; a model may have produced something else.
function toolInput(input: unknown): Record<string, unknown> {
  if (input && typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  return input === undefined || input === null ? {} : { value: input };
}

function toolResultParts(content: Extract<AnthropicBlock, { type: 'tool_result' }>['content'], images: ReadonlyMap<string, ImageData>, param: string): NeutralToolResultPart[] {
  if (content === undefined) return [];
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part, i): NeutralToolResultPart => {
    if (part.type === 'text') return { text: part.text };
    if (part.type === 'image') return { image: imageOf(part, images, `${param}.${i}`).image! };
    return { document: documentOf(part, `${param}.${i}`).document! };
  });
}

function imageOf(block: ImageLike, images: ReadonlyMap<string, ImageData>, at: string): NeutralBlock {
  if (block.source.type === 'url') return fetchedImage(block.source.url, images, `${at}.source.url`);
  return imageFromBytes(Buffer.from(block.source.data, 'base64'), block.source.media_type, `${at}.source.data`);
}

function documentOf(block: DocumentLike, at: string): NeutralBlock {
  const name = documentName(block.title ?? undefined, Number(at.split('.').pop()) || 0);
  const source = block.source;
  if (source.type === 'url') {
    throw new ProxyError('unsupported_parameter', `'${at}.source': documents by URL are not supported on Bedrock; send the document as base64 or text.`, { param: `${at}.source` });
  }
  if (source.type === 'text') return { document: { format: 'txt', name, source: { bytes: Buffer.from(source.data, 'utf8') } } };
  const format = documentFormatOf(source.media_type);
  if (!format) throw new ProxyError('invalid_request', `'${at}.source.media_type' ${source.media_type} is not a document type Bedrock takes (pdf, csv, doc, docx, xls, xlsx, html, txt, md).`, { param: `${at}.source.media_type` });
  const bytes = Buffer.from(source.data, 'base64');
  if (bytes.length === 0) throw new ProxyError('invalid_request', `'${at}.source.data' holds no data.`, { param: `${at}.source.data` });
  return { document: { format, name, source: { bytes } } };
}

/** Every http(s) image URL in a request (messages and tool results), to fetch before the mapping. */
export function httpImageUrls(req: MessagesRequest): string[] {
  const urls: string[] = [];
  const visit = (blocks: readonly AnthropicBlock[]): void => {
    for (const b of blocks) {
      if (b.type === 'image' && b.source.type === 'url' && /^https?:/i.test(b.source.url)) urls.push(b.source.url);
      if (b.type === 'tool_result' && Array.isArray(b.content)) visit(b.content as AnthropicBlock[]);
    }
  };
  for (const m of req.messages) if (Array.isArray(m.content)) visit(m.content);
  return urls;
}
