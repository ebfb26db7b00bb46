import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { BedrockError } from './errors';

const SIG_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_SKEW_MS = 15 * 60_000;

/** node:crypto behind the hash interface @smithy/signature-v4 expects. */
export class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface AuthInput {
  method: string;
  rawPath: string;
  query: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface AuthStore {
  verify: boolean;
  credentials: Map<string, string>;
  apiKeys: Set<string>;
  revoked: Map<string, 'ExpiredTokenException' | 'UnrecognizedClientException'>;
}

export interface AuthResult {
  auth: 'sigv4' | 'bearer' | 'none';
  accessKeyId?: string;
  sessionToken?: string;
  /** Region from the SigV4 credential scope. */
  region?: string;
  /** Why the request is refused; undefined when accepted. */
  error?: BedrockError;
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/;

function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = AUTH_RE.exec(value);
  if (!m) return undefined;
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(';'), signature: m[6] };
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function parseQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!query) return out;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Authenticates a request like Bedrock: SigV4 or a Bedrock API key; never throws. */
export async function authenticate(input: AuthInput, store: AuthStore, service = 'bedrock'): Promise<AuthResult> {
  const header = input.headers['authorization'];
  const sessionToken = input.headers['x-amz-security-token'];
  if (!header) {
    if (!store.verify) return { auth: 'none' };
    return {
      auth: 'none',
      error: new BedrockError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
    };
  }
  if (/^Bearer\s/i.test(header)) {
    const key = header.replace(/^Bearer\s+/i, '').trim();
    if (store.verify && !store.apiKeys.has(key)) {
      return {
        auth: 'bearer',
        error: new BedrockError('AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.'),
      };
    }
    return { auth: 'bearer' };
  }
  const parsed = parseAuthorization(header);
  if (!parsed) {
    const error = new BedrockError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header.split(' ')[0]}`,
    );
    return { auth: 'sigv4', sessionToken, error: store.verify ? error : undefined };
  }
  const result: AuthResult = { auth: 'sigv4', accessKeyId: parsed.accessKeyId, sessionToken, region: parsed.region };
  const revokedAs = store.revoked.get(parsed.accessKeyId);
  if (revokedAs) {
    const message =
      revokedAs === 'ExpiredTokenException'
        ? 'The security token included in the request is expired'
        : 'The security token included in the request is invalid.';
    return { ...result, error: new BedrockError(revokedAs, message) };
  }
  if (!store.verify) return result;
  const error = await verifySignature(input, parsed, store, service);
  return error ? { ...result, error } : result;
}

async function verifySignature(
  input: AuthInput,
  parsed: ParsedAuthorization,
  store: AuthStore,
  service: string,
): Promise<BedrockError | undefined> {
  const secret = store.credentials.get(parsed.accessKeyId);
  if (secret === undefined) {
    return new BedrockError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const amzDate = input.headers['x-amz-date'];
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!signingDate) {
    return new BedrockError(
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (parsed.service !== service) {
    return new BedrockError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  }
  if (!amzDate.startsWith(parsed.date)) {
    return new BedrockError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) {
    return new BedrockError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than the allowed 15 minute window.`);
  }
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = input.headers[name];
    if (value === undefined) return new BedrockError('InvalidSignatureException', SIG_MISMATCH);
    headers[name] = value;
  }
  const claimedHash = headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== UNSIGNED_PAYLOAD) {
    const actual = createHash('sha256').update(input.body).digest('hex');
    if (actual !== claimedHash) {
      return new BedrockError('InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }
  // Re-sign exactly what the SDK signed: the still-encoded path (the signer double-encodes it,
  // as the SDK's own signer does), only the listed headers, the client's date.
  const signer = new SignatureV4({
    credentials: { accessKeyId: parsed.accessKeyId, secretAccessKey: secret, sessionToken: headers['x-amz-security-token'] },
    region: parsed.region,
    service: parsed.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: 'http:',
      hostname: 'localhost',
      path: input.rawPath,
      query: parseQuery(input.query),
      headers,
      body: input.body.length ? input.body : undefined,
    },
    { signingDate, signingRegion: parsed.region, signingService: parsed.service },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers['authorization']))?.[1];
  return expected === parsed.signature ? undefined : new BedrockError('InvalidSignatureException', SIG_MISMATCH);
}
