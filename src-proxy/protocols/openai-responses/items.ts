import type { DocumentType } from '@smithy/types';
import { parseDataUrl } from '../../converse/data-url';
import { documentFormatOf, documentName, fetchedImage, imageFromBytes, isBlank, type ImageData } from '../../converse/media';
import { parseToolArguments } from '../../converse/tool-arguments';
import type { NeutralBlock, NeutralMessage, NeutralSystemBlock, NeutralToolResultPart } from '../../converse/neutral';
import { ProxyError } from '../../errors';
import type { ReasoningSealer } from './sealing';
import type { ContentPart, InputItem } from './schema';
import { CUSTOM_INPUT, type ResponsesTools } from './tools';

// Responses input items to neutral turns. Each item becomes its own turn; the core merges
// same-role turns and pairs tool calls with their results (rules 4 and 13).

export interface ItemContext {
  images: ReadonlyMap<string, ImageData>;
  tools: ResponsesTools;
  sealer: ReasoningSealer;
  /** What could not be sent as given (untrusted reasoning), for the log entry. */
  notes?: string[];
}

/** The system prompt and turns of a list of input items (instructions go first in the system prompt). */
export function itemsToNeutral(items: readonly InputItem[], ctx: ItemContext): { system: NeutralSystemBlock[]; messages: NeutralMessage[] } {
  const system: NeutralSystemBlock[] = [];
  const messages: NeutralMessage[] = [];
  items.forEach((raw, i) => {
    const at = `input[${i}]`;
    const item = raw as InputItem & Record<string, unknown>;
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const msg = item as { role: string; content: string | ContentPart[] };
        if (msg.role !== 'assistant' && Array.isArray(msg.content) && msg.content.length === 0) {
          throw new ProxyError('invalid_request', `'${at}.content' is an empty array; a ${msg.role} message needs at least one content part.`, { param: `${at}.content` });
        }
        const blocks = contentBlocks(msg.content, ctx.images, `${at}.content`);
        if (msg.role === 'system' || msg.role === 'developer') {
          for (const b of blocks) {
            if (b.text !== undefined) system.push({ text: b.text });
            else throw new ProxyError('invalid_request', `'${at}.content': a ${msg.role} message can only hold text.`, { param: `${at}.content` });
          }
        } else messages.push({ role: msg.role === 'assistant' ? 'assistant' : 'user', content: blocks });
        break;
      }
      case 'function_call': {
        const call = item as { call_id: string; name: string; namespace?: string | null; arguments?: string | null };
        const name = ctx.tools.remember('function', call.name, call.namespace);
        messages.push({ role: 'assistant', content: [{ toolUse: { toolUseId: call.call_id, name, input: parseToolArguments(call.arguments) as DocumentType } }] });
        break;
      }
      case 'custom_tool_call': {
        const call = item as { call_id: string; name: string; namespace?: string | null; input: string };
        const name = ctx.tools.remember('custom', call.name, call.namespace);
        messages.push({ role: 'assistant', content: [{ toolUse: { toolUseId: call.call_id, name, input: { [CUSTOM_INPUT]: call.input } } }] });
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const out = item as { call_id: string; output: string | ContentPart[] };
        messages.push({ role: 'user', content: [{ toolResult: { toolUseId: out.call_id, content: toolResultParts(out.output, ctx.images, `${at}.output`) } }] });
        break;
      }
      case 'reasoning': {
        // Only sealed reasoning goes back: Bedrock takes thinking only with its signature, and a
        // summary alone is not the thinking. Unreadable content (another install) is dropped.
        const sealed = (item as { encrypted_content?: string | null }).encrypted_content;
        const blocks = sealed ? ctx.sealer.open(sealed) : undefined;
        if (blocks?.length) messages.push({ role: 'assistant', content: blocks });
        else if (sealed) ctx.notes?.push(`${at}: encrypted_content not sealed by this Outcrop install (or changed); that reasoning was left out.`);
        break;
      }
      case 'item_reference':
        throw new ProxyError('unsupported_parameter', `'${at}': item references are not supported; send the item itself, or continue with previous_response_id.`, { param: at });
      default:
        // Items of hosted tools (web_search_call, …) have no Bedrock counterpart; the model never made them here.
        break;
    }
  });
  return { system, messages };
}

/** The http(s) image URLs of the input, to fetch (under the image fetcher's guards) before the mapping. */
export function httpImageUrls(items: readonly InputItem[]): string[] {
  const urls: string[] = [];
  const scan = (content: unknown) => {
    if (!Array.isArray(content)) return;
    for (const p of content as ContentPart[]) {
      const url = p.type === 'input_image' ? (p as { image_url?: string | null }).image_url : undefined;
      if (url && /^https?:/i.test(url)) urls.push(url);
    }
  };
  for (const item of items) {
    const it = item as { content?: unknown; output?: unknown };
    scan(it.content);
    scan(it.output);
  }
  return urls;
}

function contentBlocks(content: string | ContentPart[], images: ReadonlyMap<string, ImageData>, param: string): NeutralBlock[] {
  if (typeof content === 'string') return isBlank(content) ? [] : [{ text: content }];
  const blocks: NeutralBlock[] = [];
  content.forEach((part, i) => {
    const block = partBlock(part, i, images, `${param}[${i}]`);
    if (block) blocks.push(block);
  });
  return blocks;
}

function partBlock(part: ContentPart, index: number, images: ReadonlyMap<string, ImageData>, at: string): NeutralBlock | undefined {
  const p = part as Record<string, unknown>;
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return isBlank(p.text as string) ? undefined : { text: p.text as string };
    case 'refusal':
      return isBlank(p.refusal as string) ? undefined : { text: p.refusal as string };
    case 'input_image': {
      const url = p.image_url as string | undefined;
      if (!url) throw new ProxyError('unsupported_parameter', `'${at}': uploaded file ids are not supported; send the image as image_url (a data: or http(s) URL).`, { param: at });
      if (url.startsWith('data:')) {
        const { mime, bytes } = parseDataUrl(url, `${at}.image_url`);
        return imageFromBytes(bytes, mime, `${at}.image_url`);
      }
      return fetchedImage(url, images, `${at}.image_url`);
    }
    case 'input_file':
      return fileBlock(p as { file_data?: string; filename?: string }, index, at);
    default:
      throw new ProxyError('unsupported_parameter', `'${at}.type' "${part.type}" is not supported by Outcrop; send input_text, input_image or input_file parts.`, { param: `${at}.type` });
  }
}

// input_file carries a data: URL or bare base64 (then the file name tells the format).
function fileBlock(part: { file_data?: string; filename?: string }, index: number, at: string): NeutralBlock {
  if (!part.file_data) throw new ProxyError('unsupported_parameter', `'${at}': uploaded file ids and file URLs are not supported; send the file inline as file_data.`, { param: at });
  const ext = part.filename?.split('.').pop()?.toLowerCase();
  const { mime, bytes } = part.file_data.startsWith('data:')
    ? parseDataUrl(part.file_data, `${at}.file_data`)
    : { mime: ext === 'pdf' ? 'application/pdf' : '', bytes: Buffer.from(part.file_data, 'base64') };
  if (mime.startsWith('image/')) return imageFromBytes(bytes, mime, `${at}.file_data`);
  const format = documentFormatOf(mime, ext);
  if (!format || bytes.length === 0) throw new ProxyError('invalid_request', `'${at}' has type ${mime || 'unknown'}; Bedrock documents may be pdf, csv, doc, docx, xls, xlsx, html, txt or md.`, { param: at });
  return { document: { format, name: documentName(part.filename, index), source: { bytes } } };
}

function toolResultParts(output: string | ContentPart[], images: ReadonlyMap<string, ImageData>, param: string): NeutralToolResultPart[] {
  // Blank parts are dropped and an empty result gets its placeholder in the core (rule 3).
  if (typeof output === 'string') return [{ text: output }];
  return contentBlocks(output, images, param).flatMap((b): NeutralToolResultPart[] => {
    if (b.text !== undefined) return [{ text: b.text }];
    if (b.image) return [{ image: b.image }];
    if (b.document) return [{ document: b.document }];
    return [];
  });
}
