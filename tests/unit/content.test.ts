import { describe, expect, it } from 'vitest';
import type { ContentPart } from '../../src-proxy/protocols/openai-chat/schema';
import { proxyError } from './helpers';
import {
  contentBlocks,
  contentText,
  imageBlock,
  imageFormatFromMime,
  imageUrlOf,
  isBlank,
  sniffImageFormat,
  type ImageData,
} from '../../src-proxy/protocols/openai-chat/content';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const GIF = new TextEncoder().encode('GIF89a....');
const WEBP = new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 ');
const PDF = new TextEncoder().encode('%PDF-1.7\n%stuff');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const dataUrl = (mime: string, bytes: Uint8Array) => `data:${mime};base64,${b64(bytes)}`;
const NONE: ReadonlyMap<string, ImageData> = new Map();
const parts = (p: unknown[]) => p as ContentPart[];

describe('sniffImageFormat / imageFormatFromMime', () => {
  it('recognises png, jpeg, gif and webp by their magic bytes', () => {
    expect(sniffImageFormat(PNG)).toBe('png');
    expect(sniffImageFormat(JPEG)).toBe('jpeg');
    expect(sniffImageFormat(GIF)).toBe('gif');
    expect(sniffImageFormat(WEBP)).toBe('webp');
    expect(sniffImageFormat(PDF)).toBeUndefined();
    expect(sniffImageFormat(new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array())).toBeUndefined();
  });

  it('maps mime types, ignoring case and parameters', () => {
    expect(imageFormatFromMime('image/PNG')).toBe('png');
    expect(imageFormatFromMime('image/jpg')).toBe('jpeg');
    expect(imageFormatFromMime('image/jpeg; charset=binary')).toBe('jpeg');
    expect(imageFormatFromMime('image/webp')).toBe('webp');
    expect(imageFormatFromMime('image/svg+xml')).toBeUndefined();
    expect(imageFormatFromMime('')).toBeUndefined();
  });
});

describe('imageBlock', () => {
  it('decodes a base64 data URL into image bytes', () => {
    const block = imageBlock(dataUrl('image/png', PNG), NONE, 'p');
    expect(block.image!.format).toBe('png');
    expect(Buffer.from(block.image!.source!.bytes!)).toEqual(Buffer.from(PNG));
  });

  it('trusts the bytes over a wrong mime type, and the mime type when the bytes are unknown', () => {
    expect(imageBlock(dataUrl('image/png', JPEG), NONE, 'p').image!.format).toBe('jpeg');
    expect(imageBlock(dataUrl('image/webp', new Uint8Array([1, 2, 3, 4])), NONE, 'p').image!.format).toBe('webp');
  });

  it('takes an already fetched http(s) image from the map', () => {
    const fetched = new Map([['https://x.test/a.gif', { format: 'gif' as const, bytes: GIF }]]);
    expect(imageBlock('https://x.test/a.gif', fetched, 'p')).toEqual({ image: { format: 'gif', source: { bytes: GIF } } });
  });

  it('refuses non-base64 data URLs, empty data, unknown formats and URLs it has not fetched, naming the param', () => {
    expect(proxyError(() => imageBlock('data:image/png,rawdata', NONE, 'messages[0].content[1]'))).toMatchObject({ code: 'invalid_request', status: 400, param: 'messages[0].content[1]' });
    expect(proxyError(() => imageBlock('data:image/png;base64,', NONE, 'p')).message).toContain('holds no data');
    expect(proxyError(() => imageBlock(dataUrl('image/svg+xml', new TextEncoder().encode('<svg/>')), NONE, 'p')).message).toContain('png, jpeg, gif or webp');
    expect(proxyError(() => imageBlock('ftp://x/a.png', NONE, 'p')).code).toBe('invalid_request');
  });

  it('imageUrlOf reads both the string and the {url} form', () => {
    expect(imageUrlOf({ image_url: 'https://a' })).toBe('https://a');
    expect(imageUrlOf({ image_url: { url: 'https://b' } })).toBe('https://b');
  });
});

describe('contentBlocks', () => {
  it('turns a string into one text block', () => {
    expect(contentBlocks('Hello', NONE, 'p')).toEqual([{ text: 'Hello' }]);
    expect(contentBlocks(null, NONE, 'p')).toEqual([]);
    expect(contentBlocks(undefined, NONE, 'p')).toEqual([]);
  });

  it('rule 3: drops empty and whitespace-only text, as a string or as parts', () => {
    expect(contentBlocks('', NONE, 'p')).toEqual([]);
    expect(contentBlocks(' \n\t ', NONE, 'p')).toEqual([]);
    expect(contentBlocks(parts([{ type: 'text', text: '' }, { type: 'text', text: 'kept' }, { type: 'text', text: '   ' }]), NONE, 'p')).toEqual([{ text: 'kept' }]);
  });

  it('rule 7: turns cache_control on a part into a cache point right after its block', () => {
    expect(contentBlocks(parts([
      { type: 'text', text: 'long context', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'question' },
    ]), NONE, 'p')).toEqual([{ text: 'long context' }, { cachePoint: { type: 'default' } }, { text: 'question' }]);
  });

  it('rule 3 / rule 7: a blank part with cache_control adds neither the text nor a dangling cache point', () => {
    expect(contentBlocks(parts([{ type: 'text', text: ' ', cache_control: { type: 'ephemeral' } }]), NONE, 'p')).toEqual([]);
  });

  it('keeps text, images and refusals in order', () => {
    const blocks = contentBlocks(parts([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: dataUrl('image/png', PNG) } },
      { type: 'refusal', refusal: 'I will not.' },
    ]), NONE, 'p');
    expect(blocks).toEqual([{ text: 'What is this?' }, { image: { format: 'png', source: { bytes: expect.any(Uint8Array) } } }, { text: 'I will not.' }]);
  });

  it('turns a file part into a named document, or into an image when it is one', () => {
    const [doc] = contentBlocks(parts([{ type: 'file', file: { filename: 'Q3 report_final.v2.pdf', file_data: dataUrl('application/pdf', PDF) } }]), NONE, 'p');
    expect(doc).toEqual({ document: { format: 'pdf', name: 'Q3 report final v2', source: { bytes: expect.any(Uint8Array) } } });
    const [img] = contentBlocks(parts([{ type: 'file', file: { filename: 'shot.png', file_data: dataUrl('application/octet-stream', PNG) } }]), NONE, 'p');
    expect(img).toEqual({ image: { format: 'png', source: { bytes: expect.any(Uint8Array) } } });
    const [md] = contentBlocks(parts([{ type: 'file', file: { filename: 'notes.md', file_data: dataUrl('application/octet-stream', new TextEncoder().encode('# hi')) } }]), NONE, 'p');
    expect(md).toMatchObject({ document: { format: 'md', name: 'notes' } });
  });

  it('names an unnamed document after its position', () => {
    const blocks = contentBlocks(parts([{ type: 'file', file: { file_data: dataUrl('text/csv', new TextEncoder().encode('a,b')) } }]), NONE, 'p');
    expect(blocks).toEqual([{ document: { format: 'csv', name: 'document 1', source: { bytes: expect.any(Uint8Array) } } }]);
  });

  it('refuses file ids, unsupported file types and unknown part types, naming the param', () => {
    expect(proxyError(() => contentBlocks(parts([{ type: 'file', file: { file_id: 'file-123' } }]), NONE, 'messages[1].content'))).toMatchObject({ code: 'unsupported_parameter', param: 'messages[1].content[0]' });
    expect(proxyError(() => contentBlocks(parts([{ type: 'file', file: { filename: 'a.exe', file_data: dataUrl('application/x-msdownload', PDF) } }]), NONE, 'p')).code).toBe('invalid_request');
    expect(proxyError(() => contentBlocks(parts([{ type: 'input_audio', input_audio: {} }]), NONE, 'messages[0].content'))).toMatchObject({ code: 'unsupported_parameter', param: 'messages[0].content[0].type' });
  });
});

describe('contentText / isBlank', () => {
  it('joins the text parts and skips the rest', () => {
    expect(contentText('plain')).toBe('plain');
    expect(contentText(null)).toBe('');
    expect(contentText(parts([{ type: 'text', text: 'a' }, { type: 'image_url', image_url: 'https://x' }, { type: 'text', text: 'b' }]))).toBe('ab');
  });

  it('rule 3: treats empty, null and whitespace-only text as blank', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank('  \n')).toBe(true);
    expect(isBlank(null)).toBe(true);
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank(' a ')).toBe(false);
  });
});
