// The awsQuery wire format STS speaks: form-encoded parameters in, XML out.
import type { ServerResponse } from 'node:http';

export const STS_VERSION = '2011-06-15';
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

// HTTP status per error code, as STS answers them (common query-API errors plus the STS model's).
const STATUS: Record<string, number> = {
  AccessDenied: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  MissingAuthenticationToken: 403,
  RegionDisabledException: 403,
  ExpiredToken: 400,
  IncompleteSignature: 400,
  InvalidAction: 400,
  ValidationError: 400,
  MalformedPolicyDocument: 400,
  PackedPolicyTooLarge: 400,
  Throttling: 400,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

const DEFAULT_MESSAGES: Record<string, string> = {
  AccessDenied: 'Access denied',
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  ExpiredToken: 'The security token included in the request is expired',
  MissingAuthenticationToken: 'Request is missing Authentication Token',
  Throttling: 'Rate exceeded',
  InternalFailure: 'An internal error occurred.',
  ServiceUnavailable: 'Service is unavailable.',
};

/** A failure to answer as an STS `<ErrorResponse>`. */
export class StsError extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    message?: string,
    status?: number,
  ) {
    super(message ?? DEFAULT_MESSAGES[code] ?? `${code} raised by the STS emulator.`);
    this.status = status ?? STATUS[code] ?? 400;
  }
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** Nested elements: strings become text nodes, objects child elements, in insertion order. */
export interface XmlTree {
  [name: string]: string | XmlTree;
}

export function toXml(tree: XmlTree): string {
  return Object.entries(tree)
    .map(([name, value]) => `<${name}>${typeof value === 'string' ? escapeXml(value) : toXml(value)}</${name}>`)
    .join('');
}

/** `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…</ResponseMetadata></{Action}Response>` */
export function resultXml(action: string, result: XmlTree, requestId: string): string {
  return (
    `<${action}Response xmlns="${STS_XMLNS}"><${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/></ErrorResponse>` */
export function errorXml(err: StsError, requestId: string): string {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${STS_XMLNS}">${toXml({ Error: { Type: type, Code: err.code, Message: err.message } })}` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export function sendXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    'x-amzn-requestid': requestId,
  });
  res.end(xml);
}

/** Decodes `a=1&b=x%20y` (`+` is a space, as in HTML forms); later keys win. */
export function parseForm(text: string, into: Record<string, string> = {}): Record<string, string> {
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    into[decode(eq < 0 ? pair : pair.slice(0, eq))] = eq < 0 ? '' : decode(pair.slice(eq + 1));
  }
  return into;
}

/** ISO 8601 without milliseconds, as STS writes `Expiration`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
