import { crc32 } from 'node:zlib';
import { EventStreamCodec, HeaderMarshaller, type Message, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const headerMarshaller = new HeaderMarshaller(toUtf8, fromUtf8);
// Event headers only depend on the event type: marshal them once per type.
const eventHeaderCache = new Map<string, Uint8Array>();
const PAD_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// Real Bedrock pads each event with "p": a prefix of the alphabet of random length, so that
// the frame size does not leak the token length.
function padding(): string {
  return PAD_ALPHABET.slice(0, 1 + Math.floor(Math.random() * PAD_ALPHABET.length));
}

function eventHeaders(eventType: string): Uint8Array {
  let bytes = eventHeaderCache.get(eventType);
  if (!bytes) {
    const headers: MessageHeaders = {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    };
    bytes = headerMarshaller.format(headers);
    eventHeaderCache.set(eventType, bytes);
  }
  return bytes;
}

// Same bytes as EventStreamCodec.encode (the tests decode them with it), without re-marshalling
// the headers for every event: the hot path of every stream.
function frame(headers: Uint8Array, body: Buffer): Buffer {
  const total = 16 + headers.length + body.length;
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headers.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  out.set(headers, 12);
  body.copy(out, 12 + headers.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** Encodes one `:message-type event` frame whose payload is the JSON of `payload` (plus "p" when padded). */
export function eventFrame(eventType: string, payload: Record<string, unknown>, pad = true): Uint8Array {
  const body = pad ? { ...payload, p: padding() } : payload;
  return frame(eventHeaders(eventType), Buffer.from(JSON.stringify(body), 'utf8'));
}

/** Encodes one `:message-type exception` frame, e.g. throttlingException with {message}. */
export function exceptionFrame(exceptionType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Decodes a buffer holding whole frames (test helper for raw wire checks). */
export function decodeFrames(bytes: Uint8Array): { headers: Record<string, string>; payload: any }[] {
  const out: { headers: Record<string, string>; payload: any }[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const total = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
    const message: Message = codec.decode(bytes.subarray(offset, offset + total));
    const headers: Record<string, string> = {};
    for (const [name, h] of Object.entries(message.headers)) headers[name] = String(h.value);
    out.push({ headers, payload: JSON.parse(toUtf8(message.body)) });
    offset += total;
  }
  return out;
}
