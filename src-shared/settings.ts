import { z } from 'zod';

// The settings schema, shared by the core (which stores it), the proxy (which reads a snapshot)
// and the settings UI (which edits it). Types follow from the schema.

export const DEFAULT_PORT = 8797;
export const DEFAULT_HOST = '127.0.0.1';
export const SETTINGS_VERSION = 2;

/** Levels of the diagnostic log, most quiet first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const cachingPolicySchema = z.object({
  system: z.boolean(),
  tools: z.boolean(),
  conversation: z.boolean(),
});

export const apiKeySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(100),
  /** The key itself; compared in constant time, never logged. */
  key: z.string().min(16),
  createdAt: z.string(),
});

/** A user's own price for a model, USD per 1M tokens (cache prices default to the input price). */
export const priceOverrideSchema = z.strictObject({
  input: z.number().min(0).max(100_000),
  output: z.number().min(0).max(100_000),
  cacheRead: z.number().min(0).max(100_000).optional(),
  cacheWrite: z.number().min(0).max(100_000).optional(),
});

export const settingsSchema = z.object({
  version: z.number().int().default(SETTINGS_VERSION),
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  host: z.string().min(1).default(DEFAULT_HOST),
  /** Active AWS profile; unset means the SDK's choice (AWS_PROFILE, else default). */
  profile: z.string().min(1).optional(),
  /** Bedrock region; unset means the profile's or AWS_REGION. */
  region: z.string().min(1).optional(),
  /** Model used when a request names none or names "default". */
  defaultModel: z.string().min(1).default('claude-sonnet'),
  /**
   * How to call a model Bedrock offers several ways: `geo` through the region's geography profile
   * (us., eu., apac., jp., au. — data stays in that geography), `global` through the global. profile
   * (most capacity; lower price for Claude 4.5 and later), `in-region` by the bare model id where the
   * account can call it on demand. The next way is taken when the preferred one is not offered.
   */
  profilePreference: z.enum(['geo', 'global', 'in-region']).default('geo'),
  /** User aliases: name a tool sends -> alias, Bedrock model id, inference profile or ARN. */
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Prompt-caching defaults, for models that support caching. */
  caching: cachingPolicySchema.default({ system: true, tools: true, conversation: true }),
  /** Per-model overrides of the caching defaults, keyed by alias or model id. */
  cachingPerModel: z.record(z.string(), cachingPolicySchema.partial()).default({}),
  /** Bedrock runtime endpoint override (VPC endpoint); AWS_ENDPOINT_URL_BEDROCK_RUNTIME also works. */
  bedrockEndpoint: z.string().url().optional(),
  /**
   * Company proxy for Bedrock, SSO sign-in and image downloads (http://[user:pass@]host:port);
   * wins over HTTPS_PROXY/HTTP_PROXY. Unset: the environment's, else none.
   */
  httpsProxy: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\/[^/]/i.test(u), 'expected an http:// or https:// proxy URL, such as http://proxy.example.com:3128')
    .optional(),
  /** Hosts that skip the proxy (comma-separated, as NO_PROXY); wins over NO_PROXY. */
  noProxy: z.string().trim().max(4000).optional(),
  /** Require a client API key on the public API (a must for tunnels and non-loopback hosts). */
  requireApiKey: z.boolean().default(false),
  /** Client API keys accepted when requireApiKey is on. */
  apiKeys: z.array(apiKeySchema).default([]),
  /** Days of request-log files to keep. */
  logRetentionDays: z.number().int().min(1).max(365).default(30),
  /** Keep translated request/response bodies in the log (truncated, secrets and image bytes redacted). */
  keepBodies: z.boolean().default(false),
  /** How much the diagnostic log (logs/outcrop-*.log) records; OUTCROP_LOG_LEVEL wins when set. */
  logLevel: z.enum(LOG_LEVELS).default('info'),
  launchAtLogin: z.boolean().default(false),
  /** Extra Host names accepted (a tunnel's public name); loopback names are always accepted. */
  allowedHosts: z.array(z.string().min(1)).default([]),
  /** Extra browser origins allowed to call the public API. */
  allowedOrigins: z.array(z.string().min(1)).default([]),
  /**
   * Responses kept for previous_response_id and GET /v1/responses/{id} (store: true); the oldest
   * go first beyond either limit. 0 responses keeps none. In memory only unless keepOnDisk: then
   * also as files in the Outcrop home (same limits), kept across restarts and deleted when it is
   * turned off.
   */
  responsesStore: z
    .object({
      maxResponses: z.number().int().min(0).max(100000),
      maxMegabytes: z.number().min(1).max(4096),
      keepOnDisk: z.boolean().default(false),
    })
    .default({ maxResponses: 200, maxMegabytes: 64, keepOnDisk: false }),
  /**
   * Image URLs in requests that point into the user's own machine or private network (loopback,
   * RFC 1918, link-local, CGNAT…) are refused unless this is on: a prompt or a shared repository
   * could otherwise make the proxy read local services.
   */
  allowPrivateImageHosts: z.boolean().default(false),
  /**
   * How long Outcrop waits on Bedrock before giving up (seconds): opening a connection, the first
   * byte of an answer (a stream's first event; a non-streamed call's whole answer), and silence
   * inside a stream. Generous defaults: long reasoning turns are normal.
   */
  bedrockTimeouts: z
    .object({
      connectSeconds: z.number().min(1).max(300),
      firstByteSeconds: z.number().min(1).max(3600),
      streamIdleSeconds: z.number().min(1).max(3600),
    })
    .default({ connectSeconds: 10, firstByteSeconds: 600, streamIdleSeconds: 180 }),
  /** Requests one client may have in flight at once. */
  maxConcurrentPerClient: z.number().int().min(1).max(1000).default(32),
  /**
   * The user's own prices, keyed by Bedrock model id (any profile prefix, or none for every
   * profile of the model) or alias; they win over AWS's price list and the built-in table.
   */
  priceOverrides: z.record(z.string().min(1).max(512), priceOverrideSchema).default({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type CachingPolicySetting = z.infer<typeof cachingPolicySchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type PriceOverride = z.infer<typeof priceOverrideSchema>;

/** The settings with every default filled in. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
