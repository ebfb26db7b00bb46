import pino, { type Logger } from 'pino';
import { LOG_LEVELS, type LogLevel } from '../../../src-shared/settings';
import { REDACT_PATHS, scrubText } from './redact';
import { appLogPath, type LogProcess } from './log-paths';
import { RotatingFile } from './rotating-file';

// The diagnostic log: one file per kind of process under the Outcrop home's logs folder, JSON
// lines (pino, fastify's own logger), size-capped and rotated, secrets redacted twice over — by
// path for headers and well-known fields, by pattern in every message, stack and cause.


export interface AppLog {
  readonly logger: Logger;
  /** The file written, or undefined when it could not be opened (then nothing is written). */
  readonly file?: string;
  /** Why the file could not be opened or written, while it lasts. */
  readonly problem?: string;
  /** The level in force. */
  readonly level: LogLevel;
  /** Where the level comes from: the environment (OUTCROP_LOG_LEVEL) wins over the setting. */
  readonly levelFrom: 'env' | 'settings';
  /** Applies the setting's level (ignored while OUTCROP_LOG_LEVEL decides). */
  setLevel(level: LogLevel): void;
  /** Writes what is pending and closes the file; later lines are dropped. */
  close(): void;
}

export interface AppLogOptions {
  /** The Outcrop home; the file is logs/outcrop-<process>.log in it. */
  home: string;
  process: LogProcess;
  /** The settings' level; OUTCROP_LOG_LEVEL in env wins. */
  level: LogLevel;
  env?: NodeJS.ProcessEnv;
  /** Bytes before the file rotates (5 MB) and rotated files kept (3). */
  maxBytes?: number;
  keep?: number;
}

/** The level OUTCROP_LOG_LEVEL asks for, when it names one. */
export function envLogLevel(env: NodeJS.ProcessEnv): LogLevel | undefined {
  const value = env.OUTCROP_LOG_LEVEL?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : undefined;
}

/** Opens the process's diagnostic log. Never throws: a log that cannot be opened says why in `problem`. */
export function openAppLog(opts: AppLogOptions): AppLog {
  const env = opts.env ?? process.env;
  const fromEnv = envLogLevel(env);
  const file = appLogPath(opts.home, opts.process);
  let destination: RotatingFile | undefined;
  let openProblem: string | undefined;
  try {
    destination = new RotatingFile({ file, maxBytes: opts.maxBytes, keep: opts.keep });
  } catch (err) {
    openProblem = `The diagnostic log ${file} could not be opened: ${(err as Error).message}`;
  }
  const logger = pino(
    {
      level: fromEnv ?? opts.level,
      base: { pid: process.pid, process: opts.process },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      // Fields are free text too (a credentials message, a note naming a URL): their strings are scrubbed.
      formatters: { log: (obj) => scrubFields(obj, 0) as Record<string, unknown> },
      hooks: {
        // Messages are free text: whatever a secret looks like in them is replaced.
        logMethod(args, method) {
          for (let i = 0; i < args.length; i += 1) if (typeof args[i] === 'string') args[i] = scrubText(args[i] as string);
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination ?? { write: () => true },
  );
  let setting = opts.level;
  return {
    logger,
    file: destination ? file : undefined,
    get problem() {
      if (openProblem) return openProblem;
      return destination?.failure ? `The diagnostic log ${file} could not be written: ${destination.failure.message}` : undefined;
    },
    get level() {
      return logger.level as LogLevel;
    },
    levelFrom: fromEnv ? 'env' : 'settings',
    setLevel(level) {
      setting = level;
      if (!fromEnv) logger.level = setting;
    },
    close() {
      logger.flush?.();
      destination?.close();
    },
  };
}

const MAX_FIELD_DEPTH = 4;
const MAX_FIELD_ITEMS = 100;

/** Scrubs the strings of plain objects and arrays (bounded); errors are left to serializeError. */
function scrubFields(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > MAX_FIELD_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.slice(0, MAX_FIELD_ITEMS).map((v) => scrubFields(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubFields(v, depth + 1);
  return out;
}

const MAX_CAUSE_DEPTH = 5;
const MAX_AGGREGATED = 10;

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  status?: number;
  upstream?: string;
  requestId?: string;
  cause?: SerializedError | string;
  errors?: Array<SerializedError | string>;
}

/**
 * An error for the log: its name, message, code, status and stack, its `cause` chain and an
 * AggregateError's errors (a connection that failed on every address), every text scrubbed. Only
 * these fields: an SDK error also carries the raw response, which is never logged.
 */
export function serializeError(err: unknown, depth = 0): SerializedError | string {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) return scrubText(String(err));
  const e = err as Error & { code?: unknown; status?: unknown; upstream?: unknown; $metadata?: { httpStatusCode?: number; requestId?: string }; errors?: unknown };
  const out: SerializedError = { type: e.name ?? e.constructor?.name ?? 'Error', message: scrubText(String(e.message ?? '')) };
  if (typeof e.stack === 'string') out.stack = scrubText(e.stack);
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  const status = typeof e.status === 'number' ? e.status : e.$metadata?.httpStatusCode;
  if (status !== undefined) out.status = status;
  if (typeof e.upstream === 'string') out.upstream = e.upstream;
  if (typeof e.$metadata?.requestId === 'string') out.requestId = e.$metadata.requestId;
  if (depth < MAX_CAUSE_DEPTH) {
    if (e.cause !== undefined && e.cause !== err) out.cause = serializeError(e.cause, depth + 1);
    if (Array.isArray(e.errors) && e.errors.length) out.errors = e.errors.slice(0, MAX_AGGREGATED).map((x) => serializeError(x, depth + 1));
  }
  return out;
}

/**
 * Writes an uncaught exception or unhandled rejection to the log before the process ends (the
 * monitor event changes nothing about how Node or Electron handles it). Returns the remover.
 */
export function logProcessFaults(logger: Logger): () => void {
  const onFault = (err: Error, origin: string): void => logger.fatal({ err, origin }, origin === 'unhandledRejection' ? 'unhandled promise rejection' : 'uncaught exception');
  process.on('uncaughtExceptionMonitor', onFault);
  return () => process.off('uncaughtExceptionMonitor', onFault);
}
