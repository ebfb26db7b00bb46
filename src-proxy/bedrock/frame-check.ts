import { crc32 } from 'node:zlib';

// An answer that is not what Bedrock sends: HTML from a captive portal, a proxy's error page, an
// event stream with broken frames, an empty body. The SDK's decoder would find out too, but late
// (it allocates whatever length the first four bytes claim: "<htm" is a 1 GB frame) and with the
// raw bytes in its message; this checks each frame's prelude as the bytes arrive.

/** Bedrock's answer could not be decoded; `reason` never holds the answer's bytes. */
export class BadResponseError extends Error {
  constructor(readonly reason: string) {
    super(`Bedrock's answer could not be decoded: ${reason}`);
    this.name = 'BedrockBadResponse';
  }
}

// The event-stream format's own limits (aws-c-event-stream: 16 MiB per message, 128 KiB of headers).
const MAX_FRAME = 16 * 1024 * 1024;
const MAX_HEADERS = 128 * 1024;
const PRELUDE = 12;
const OVERHEAD = 16;

/**
 * A checker fed an event stream's chunks in order: returns an error at the first frame whose
 * prelude is impossible (length out of bounds, prelude checksum wrong), else undefined. Message
 * checksums and a truncated last frame are left to the SDK's decoder, which reports them.
 */
export function eventStreamFrameCheck(): (chunk: Uint8Array) => BadResponseError | undefined {
  const prelude = Buffer.alloc(PRELUDE);
  let have = 0;
  let rest = 0;
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (rest > 0) {
        const skip = Math.min(rest, chunk.length - i);
        rest -= skip;
        i += skip;
        continue;
      }
      const take = Math.min(PRELUDE - have, chunk.length - i);
      prelude.set(chunk.subarray(i, i + take), have);
      have += take;
      i += take;
      if (have < PRELUDE) break;
      have = 0;
      const total = prelude.readUInt32BE(0);
      const headers = prelude.readUInt32BE(4);
      if (crc32(prelude.subarray(0, 8)) !== prelude.readUInt32BE(8)) return new BadResponseError('it is not an event stream (a frame prelude failed its checksum)');
      if (total < OVERHEAD || total > MAX_FRAME || headers > MAX_HEADERS || headers > total - OVERHEAD) return new BadResponseError('it is not an event stream (a frame has an impossible length)');
      rest = total - PRELUDE;
    }
    return undefined;
  };
}
