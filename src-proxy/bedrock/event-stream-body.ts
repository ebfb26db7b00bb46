import { Readable } from 'node:stream';

// The body the SDK reads an event stream (ConverseStream) from. The SDK reads the HTTP/2 stream
// with `for await`, and Node's end-of-stream check since 24.20 (and 26.3; nodejs/node#65677)
// decides when the iteration starts: an Http2Stream whose last frame has already arrived reports
// `closed` while its data still waits to be read, and the check calls that a premature close. The
// read after the buffered data then fails with ERR_STREAM_PREMATURE_CLOSE although every byte
// arrived. That happens whenever the whole answer is parsed before the SDK starts reading: always
// for a short answer through a proxy tunnel (HTTP/2 then runs over a JS stream, which hands a
// read to TLS and HTTP/2 in one go), and not at all over a plain socket. Node 20 decides at the
// close itself, after the data was read. So the SDK gets this relay, whose end is its source's
// 'end', and which ends early with the same error only if its source closes before it ended.

/** Whether an HTTP response carries an AWS event stream. */
export function isEventStream(headers: Record<string, string | undefined>): boolean {
  return headers['content-type']?.startsWith('application/vnd.amazon.eventstream') === true;
}

/** What the relay is told about the bytes it passes on. */
export interface RelayOptions {
  /** Sees every chunk as it arrives; an error returned ends the body with it and resets the source. */
  inspect?: (chunk: Buffer) => Error | undefined;
}

/**
 * A readable with `source`'s data and end, read at the consumer's pace. An error of the source is
 * its error; a source that closes before its end makes it fail with ERR_STREAM_PREMATURE_CLOSE;
 * destroying it before the end destroys the source (an HTTP/2 stream then sends its reset).
 */
export function relayBody(source: Readable, opts: RelayOptions = {}): Readable {
  let ended = source.readableEnded;
  const body = new Readable({
    read() {
      source.resume();
    },
    destroy(err, callback) {
      if (!ended) source.destroy(err ?? undefined);
      callback(err);
    },
  });
  if (ended) body.push(null);
  else if (source.destroyed) body.destroy(source.errored ?? prematureClose());
  source.on('data', (chunk: Buffer) => {
    const bad = opts.inspect?.(chunk);
    if (bad) return void body.destroy(bad);
    if (!body.push(chunk)) source.pause();
  });
  source.once('end', () => {
    ended = true;
    body.push(null);
  });
  source.on('error', (err) => body.destroy(err));
  source.once('close', () => {
    if (!ended) body.destroy(prematureClose());
  });
  return body;
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
