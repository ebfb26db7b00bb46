// Public types of the Bedrock emulator. Wire shapes are plain JSON (dates as ISO strings),
// not the SDK's parsed types.

export type Operation =
  | 'Converse'
  | 'ConverseStream'
  | 'InvokeModel'
  | 'InvokeModelWithResponseStream'
  | 'CountTokens'
  | 'ListFoundationModels'
  | 'ListInferenceProfiles';

export interface RecordedRequest {
  operation: Operation;
  /** Decoded model id (path segment), runtime operations only. */
  modelId?: string;
  rawPath: string;
  /** Parsed JSON body, or undefined when empty or not JSON. */
  body: any;
  /** Lower-case header names; HTTP/2 pseudo-headers (`:authority`, …) included. */
  headers: Record<string, string>;
  auth: 'sigv4' | 'bearer' | 'none';
  accessKeyId?: string;
  sessionToken?: string;
  time: number;
}

export type ReplyBlock =
  | { text: string }
  /** toolUseId defaults to 'tooluse_' + random. */
  | { toolUse: { toolUseId?: string; name: string; input: unknown } }
  /** signature defaults to a deterministic fake derived from the text. */
  | { reasoning: { text: string; signature?: string } }
  /** Base64 bytes. */
  | { redactedReasoning: string };

export interface ReplyUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface ReplyError {
  type: string;
  message?: string;
  status?: number;
}

export interface ReplyStreamError {
  type: string;
  message?: string;
  afterEvents?: number;
}

export interface Reply {
  /** Shorthand for a first `{ text }` block. */
  text?: string;
  content?: ReplyBlock[];
  /** Default 'tool_use' when any toolUse block, else 'end_turn'. */
  stopReason?: string;
  /** Defaults estimated from characters / 4; totalTokens includes cached tokens, as on Bedrock. */
  usage?: ReplyUsage;
  /** Answered instead of the reply (before any stream event), status per error type, x-amzn-ErrorType header, {message}. */
  error?: ReplyError;
  /** Streams only: exception frame after `afterEvents` events (default 2: messageStart + first delta), then the stream ends. */
  streamError?: ReplyStreamError;
  /** Streams only: reset the HTTP/2 stream after this many events, like a dropped connection (no exception frame). */
  disconnectAfterEvents?: number;
  /** Delay before the response head. */
  latencyMs?: number;
  /** Delay between stream events (default 0: the whole stream in one write). */
  chunkDelayMs?: number;
  /** Characters per text/reasoning delta and per tool-input JSON fragment (default 8). */
  chunkSize?: number;
  /** InvokeModel: JSON body answered as is. InvokeModelWithResponseStream: one chunk, or one chunk per element of an array. */
  body?: unknown;
  /** Random "p" field on stream events like real Bedrock (default true). */
  padding?: boolean;
}

export type ReplyHandler = (req: RecordedRequest) => Reply | Promise<Reply>;

export interface FoundationModelSummary {
  modelArn: string;
  modelId: string;
  modelName?: string;
  providerName?: string;
  inputModalities?: string[];
  outputModalities?: string[];
  responseStreamingSupported?: boolean;
  customizationsSupported?: string[];
  inferenceTypesSupported?: string[];
  modelLifecycle?: { status: string };
}

export interface InferenceProfileSummary {
  inferenceProfileName: string;
  inferenceProfileArn: string;
  inferenceProfileId: string;
  models: { modelArn: string }[];
  status: string;
  type: string;
  description?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** accessKeyId -> secretAccessKey accepted for SigV4. */
  credentials?: Record<string, string>;
  /** Accepted Bedrock API keys (Authorization: Bearer). */
  apiKeys?: string[];
  verifySignature?: boolean;
  foundationModels?: FoundationModelSummary[];
  inferenceProfiles?: InferenceProfileSummary[];
  /** Called for every recorded request (the CLI logs with it). */
  onRequest?: (req: RecordedRequest) => void;
  /** Oldest recorded requests are dropped beyond this many (default 10 000). */
  recordLimit?: number;
  /** Serve TLS with this key and certificate (ALPN h2 for the runtime, http/1.1 for the control plane); the URL is then https://. */
  tls?: { key: string; cert: string };
  /** SETTINGS_MAX_CONCURRENT_STREAMS of each HTTP/2 session (Node's default: unlimited). */
  maxConcurrentStreams?: number;
}

export interface EmulatorStats {
  /** Runtime replies being produced right now. */
  activeStreams: number;
  /** Runtime replies the client walked away from before the last byte. */
  abortedStreams: number;
  /** Runtime replies sent to the end. */
  completedStreams: number;
  /** TCP connections accepted since start (not reset), and those still open. */
  connections: number;
  openConnections: number;
  /** HTTP/2 PING frames received (not reset). */
  pings: number;
}

export interface BedrockEmulator {
  url: string;
  port: number;
  requests: RecordedRequest[];
  lastRequest(operation?: Operation): RecordedRequest | undefined;
  script(...replies: Reply[]): void;
  setHandler(fn: ReplyHandler | undefined): void;
  addCredentials(accessKeyId: string, secret: string): void;
  revokeCredentials(accessKeyId: string, as?: 'ExpiredTokenException' | 'UnrecognizedClientException'): void;
  stats: EmulatorStats;
  /** Sends GOAWAY on every open HTTP/2 session: streams above `lastStreamId` (default: the last one processed) are refused. */
  goaway(lastStreamId?: number): void;
  /** Makes every open connection silently dead: nothing more is read or written, nothing is closed (a laptop that changed networks). */
  freeze(): void;
  /** Resets the next `count` connections right after their first bytes arrive (mid-handshake). */
  resetNextConnections(count: number): void;
  /** Resets every open connection (TCP RST, no GOAWAY): what a client sees when the network drops an established one. */
  resetConnections(): void;
  reset(): void;
  close(): Promise<void>;
}
