import { randomUUID } from 'node:crypto';
import type { Exchange } from './exchange';

// Status codes per the Bedrock runtime/control-plane service models.
const STATUS: Record<string, number> = {
  ValidationException: 400,
  SerializationException: 400,
  AccessDeniedException: 403,
  ExpiredTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ModelTimeoutException: 408,
  ConflictException: 409,
  ModelErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ServiceQuotaExceededException: 400,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

const DEFAULT_MESSAGES: Record<string, string> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ServiceUnavailableException: 'Bedrock is unable to process your request.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
  ModelNotReadyException: 'Model is not ready to serve inference requests.',
  ModelErrorException: 'The model returned an error.',
  AccessDeniedException: 'You don\'t have access to the model with the specified model ID.',
  ResourceNotFoundException: 'Model not found.',
  ValidationException: 'Malformed input request, please reformat your input and try again.',
  ExpiredTokenException: 'The security token included in the request is expired',
  UnrecognizedClientException: 'The security token included in the request is invalid.',
  modelStreamErrorException: 'The model stream failed.',
};

/** HTTP status Bedrock answers for an error type (400 for unknown types). */
export function errorStatus(type: string): number {
  return STATUS[type] ?? 400;
}

/** Message used when a scripted error does not give one. */
export function defaultErrorMessage(type: string): string {
  return DEFAULT_MESSAGES[type] ?? `${type} raised by the Bedrock emulator.`;
}

/** Headers every emulator response carries. */
export function baseHeaders(contentType = 'application/json'): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-requestid': randomUUID() };
}

/** Answers a JSON error the way Bedrock does: x-amzn-ErrorType header plus {message}. */
export function sendError(
  ex: Exchange,
  type: string,
  message?: string,
  status?: number,
  messageKey: 'message' | 'Message' = 'message',
): void {
  const headers = baseHeaders();
  // Real responses suffix the type with the coral namespace; the SDK strips it.
  headers['x-amzn-errortype'] = `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
  const body = JSON.stringify({ [messageKey]: message ?? defaultErrorMessage(type) });
  ex.send(status ?? errorStatus(type), headers, body);
}

/** Sends a 200 JSON body. */
export function sendJson(ex: Exchange, body: unknown, extraHeaders?: Record<string, string>): void {
  ex.send(200, { ...baseHeaders(), ...extraHeaders }, JSON.stringify(body));
}

/** A failure to report to the client as a Bedrock error. */
export class BedrockError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Event-stream exception name for an error type: ThrottlingException -> throttlingException. */
export function streamExceptionName(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}
