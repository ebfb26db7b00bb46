import { ProxyError } from '../errors';

// data: URLs, as OpenAI-style clients send images and files inline.

/** The mime type and bytes of a base64 data URL; a 400 naming `param` when it is not one or is empty. */
export function parseDataUrl(url: string, param: string): { mime: string; bytes: Uint8Array } {
  const match = /^data:([^;,]*)((?:;[^;,]*)*?);base64,(.*)$/s.exec(url);
  if (!match) throw new ProxyError('invalid_request', `'${param}' is not a base64 data URL (data:<mime>;base64,<data>).`, { param });
  const bytes = Buffer.from(match[3], 'base64');
  if (bytes.length === 0) throw new ProxyError('invalid_request', `'${param}' holds no data.`, { param });
  return { mime: match[1].toLowerCase(), bytes };
}
