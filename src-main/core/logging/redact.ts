/** pino `redact.paths` for headers and well-known secret fields anywhere in a log object. */
export const REDACT_PATHS = [
  // The headers of a request, under fastify's `req` and Outcrop's own `request` key.
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-amz-security-token"]',
  'request.headers.authorization',
  'request.headers["x-api-key"]',
  'request.headers.cookie',
  'request.headers["proxy-authorization"]',
  'request.headers["x-amz-security-token"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.accessKeyId',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.apiKey',
  '*.adminToken',
];

// Values that look like secrets wherever they appear in free text (messages, stacks).
const PATTERNS: Array<[RegExp, string]> = [
  [/data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/=_-]+/g, 'data:[redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  // Access key ids (long-term AKIA, temporary ASIA, and the other IAM id prefixes).
  [/\b(?:AKIA|ASIA|AKID|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|AGPA)[A-Z0-9]{12,}\b/g, '[redacted-aws-key-id]'],
  // The admin token rides in the query of the settings UI's event stream (?token=…).
  [/([?&#](?:token|key|api_key|access_token)=)[^&#\s"']+/gi, '$1[redacted]'],
  [/\bABSK[A-Za-z0-9+/=]{20,}/g, '[redacted-bedrock-api-key]'],
  [
    /((?:secret_?access_?key|session_?token|access_?token|refresh_?token|x-api-key|api[_-]?key|admin[_-]?token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
    '$1[redacted]',
  ],
];

/** Replaces secret-looking substrings (AWS key ids, bearer tokens, data: URLs, key=value secrets). */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
