// Apart from connect-timeout.ts, which loads node:tls: errors.ts recognises this error, and the
// server loads errors.ts before it listens.

/** The error a connection that took too long is destroyed with (the SDK hands it on; errors.ts maps it to bedrock_timeout). */
export class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly host: string, readonly ms: number) {
    super(`Connecting to ${host} took longer than ${ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`} (connect timeout).`);
    this.name = 'ConnectTimeoutError';
  }
}
