import {
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type ConverseStreamCommandOutput,
  type ConverseStreamOutput,
  type CountTokensCommandInput,
  type CountTokensCommandOutput,
  type InvokeModelCommandInput,
  type InvokeModelCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient, ListFoundationModelsCommand, ListInferenceProfilesCommand, type FoundationModelSummary, type InferenceProfileSummary } from '@aws-sdk/client-bedrock';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { FastifyBaseLogger } from 'fastify';
import { ProxyError } from '../errors';
import { sdkHttpHandlerOptions } from '../net/agents';
import type { NetworkConfig } from '../net/proxy-rules';
import { CallDeadline, DEFAULT_BEDROCK_TIMEOUTS, watchedStream, type BedrockTimeouts } from './deadlines';
import { fromBedrockError, isCredentialError, type BedrockErrorContext, type ConfigAdvisor } from './errors';
import { BadResponseError } from './frame-check';
import type { PoolOptions, WarmOptions } from './h2-pool';
import { createRuntimeClient } from './runtime-client';

/** Everything the proxy needs from Bedrock; the only door to the AWS SDK. */
export interface BedrockGateway {
  converse(input: ConverseCommandInput, signal?: AbortSignal): Promise<ConverseCommandOutput>;
  converseStream(input: ConverseCommandInput, signal?: AbortSignal): Promise<AsyncIterable<ConverseStreamOutput>>;
  invokeModel(input: InvokeModelCommandInput, signal?: AbortSignal): Promise<InvokeModelCommandOutput>;
  /** Bedrock's token count for a Converse-shaped input (models that support CountTokens). */
  countTokens(input: CountTokensCommandInput, signal?: AbortSignal): Promise<CountTokensCommandOutput>;
  /** What the account can use in the region: foundation models and inference profiles (control plane). */
  listModels(signal?: AbortSignal): Promise<AccountModels>;
  /** The region requests go to (resolved as the AWS CLI does when not given). */
  region(): Promise<string>;
  /** The profile and endpoint override in use; `stockSdkClient` when the SDK's client runs untouched (OUTCROP_STOCK_SDK_CLIENT=1). */
  describe(): { profile?: string; endpoint?: string; stockSdkClient?: true };
  /**
   * Opens a connection to the runtime endpoint ahead of need (no request sent) once the credentials
   * resolve; never rejects: a failure shows on the next request. `afterSleep`: the connections kept
   * from before are replaced without a PING (h2-pool.ts resumed()). Resolves false when nothing
   * was opened because the credentials do not load.
   */
  warm(opts?: WarmOptions): Promise<boolean>;
  close(): void;
}

export interface AccountModels {
  foundationModels: FoundationModelSummary[];
  inferenceProfiles: InferenceProfileSummary[];
}

export interface GatewayOptions {
  region?: string;
  /** AWS profile; undefined means the SDK's own choice (AWS_PROFILE, else default). */
  profile?: string;
  /** Endpoint override (VPC endpoint, emulator); AWS_ENDPOINT_URL_BEDROCK_RUNTIME is honoured by the SDK itself. */
  endpoint?: string;
  /** Control-plane endpoint override; AWS_ENDPOINT_URL_BEDROCK is honoured by the SDK itself. */
  controlEndpoint?: string;
  /** A credentials provider factory; called again to re-resolve after an auth error. */
  credentials?: () => AwsCredentialIdentityProvider;
  maxAttempts?: number;
  /** Told when AWS still rejects the credentials after they were re-resolved (the app asks for sign-in). */
  onCredentialsRejected?: (err: unknown) => void;
  /** A Bedrock API key: sent as a bearer token instead of SigV4 (AWS_BEARER_TOKEN_BEDROCK works too). */
  apiKey?: string;
  /** How the runtime client's HTTP/2 connections are pooled, kept and checked (h2-pool.ts; tests scale them down). */
  connections?: Partial<Omit<PoolOptions, 'connect'>>;
  /** Proxy, NO_PROXY and extra CAs for every connection (runtime, control plane, the default credential chain's SSO and STS). */
  network?: NetworkConfig;
  /** The app's advice for setup problems (no region, credentials that do not load or are refused). */
  advise?: ConfigAdvisor;
  /** The limits of each runtime call, read per call (the app reads its settings); default DEFAULT_BEDROCK_TIMEOUTS. */
  timeouts?: () => BedrockTimeouts;
  /**
   * The environment the gateway itself reads: AWS_PROFILE for messages, the endpoint override
   * describe() shows, AWS_BEARER_TOKEN_BEDROCK, and OUTCROP_STOCK_SDK_CLIENT=1 (the SDK's runtime
   * client without Outcrop's patches). The caller passes its own (the core its `env`); absent means
   * process.env, for callers at the process edge (doctor, tests, bench). The SDK's own config
   * loaders (region, endpoint, credentials chain) still read process.env: they take no environment.
   */
  env?: NodeJS.ProcessEnv;
  /** The diagnostic log (the app's pino logger): what happens away from any request, such as a failed warm-up. */
  log?: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;
}

// Errors where AWS refused what was sent as identity, though not listed as "re-resolve and retry".
function isRejectedSignature(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'MissingAuthenticationTokenException' || name === 'IncompleteSignatureException';
}

/** Creates the Bedrock gateway: one runtime client, re-resolving credentials once on auth errors (rule 16). */
export function createBedrockGateway(opts: GatewayOptions = {}): BedrockGateway {
  const env = opts.env ?? process.env;
  const httpHandler = sdkHttpHandlerOptions(opts.network);
  const clientConfig = httpHandler ? { clientConfig: { requestHandler: httpHandler } } : {};
  const makeProvider = opts.credentials ?? (() => fromNodeProviderChain({ ...(opts.profile ? { profile: opts.profile } : {}), ...clientConfig }));
  let provider = makeProvider();
  let generation = 0;
  const credentials: AwsCredentialIdentityProvider = () => provider();
  // What both service clients share: where, who, and how often to try.
  const shared = {
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.apiKey ? { token: { token: opts.apiKey }, authSchemePreference: ['httpBearerAuth'] } : {}),
    credentials,
  };
  const timeouts = opts.timeouts ?? (() => DEFAULT_BEDROCK_TIMEOUTS);
  // The SDK's runtime client untouched, to rule Outcrop's patches out (runtime-client.ts, docs/sdk-upgrade.md).
  const stock = env.OUTCROP_STOCK_SDK_CLIENT === '1';
  const { client, send, warm } = createRuntimeClient({ ...shared, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) }, opts.network, {
    connectMs: () => timeouts().connectMs,
    ...(opts.connections ? { pool: opts.connections } : {}),
    ...(stock ? { stock } : {}),
    onWarmFailure: (err) => opts.log?.info({ err }, 'could not open the connection to Bedrock ahead of need; the next request will try again'),
  });
  // The control plane (listings) is a separate service client over HTTP/1.1, created on first use.
  let control: BedrockClient | undefined;
  const controlClient = (): BedrockClient => (control ??= new BedrockClient({ ...shared, ...(opts.controlEndpoint ? { endpoint: opts.controlEndpoint } : {}), ...(httpHandler ? { requestHandler: httpHandler } : {}) }));
  // The clients memoize the identity; make them ask the new provider.
  const refreshClientCredentials = async (): Promise<void> => {
    for (const c of [client, control]) {
      const memo = c?.config.credentials as unknown as ((o?: { forceRefresh?: boolean }) => Promise<unknown>) | undefined;
      await memo?.({ forceRefresh: true });
    }
  };
  async function listModels(signal?: AbortSignal): Promise<AccountModels> {
    const c = controlClient();
    const [fm, profiles] = await Promise.all([
      c.send(new ListFoundationModelsCommand({}), { abortSignal: signal }),
      (async () => {
        const all: InferenceProfileSummary[] = [];
        for (const type of ['SYSTEM_DEFINED', 'APPLICATION'] as const) {
          let nextToken: string | undefined;
          do {
            const page = await c.send(new ListInferenceProfilesCommand({ typeEquals: type, maxResults: 1000, nextToken }), { abortSignal: signal });
            all.push(...(page.inferenceProfileSummaries ?? []));
            nextToken = page.nextToken;
          } while (nextToken);
        }
        return all;
      })(),
    ]);
    return { foundationModels: fm.modelSummaries ?? [], inferenceProfiles: profiles };
  }
  let regionCache: string | undefined;
  const region = async (): Promise<string> => {
    if (regionCache) return regionCache;
    try {
      regionCache = await client.config.region();
    } catch {
      const profile = opts.profile ?? env.AWS_PROFILE ?? 'default';
      const advice = await opts.advise?.({ kind: 'no-region' }).catch(() => undefined);
      throw new ProxyError('aws_not_configured', advice ?? `No AWS region is set: profile "${profile}" names none (or is not defined) and AWS_REGION is not set. Set the region in Outcrop settings, pass --region, or add \`region = us-east-1\` to the profile.`);
    }
    return regionCache;
  };

  // Runs a call; on a credentials error, re-creates the provider once and retries once. A second
  // failure is reported with the profile to sign in to, never retried again (no auth loops).
  async function withAuthRetry<T>(call: () => Promise<T>, modelId: string | undefined, signal?: AbortSignal): Promise<T> {
    const started = generation;
    try {
      return await call();
    } catch (err) {
      if (signal?.aborted || !isCredentialError(err)) throw fromBedrockError(err, await context(modelId, err));
      if (generation === started) {
        generation++;
        provider = makeProvider();
        await refreshClientCredentials().catch(() => undefined);
      }
      try {
        return await call();
      } catch (retryErr) {
        if (isCredentialError(retryErr)) opts.onCredentialsRejected?.(retryErr);
        throw fromBedrockError(retryErr, await context(modelId, retryErr));
      }
    }
  }

  async function context(modelId: string | undefined, err: unknown): Promise<BedrockErrorContext> {
    let r: string | undefined;
    try {
      r = await region();
    } catch {
      r = undefined;
    }
    // Only credential problems need the app's view of the profile (it reads the AWS files).
    const advice = isCredentialError(err) || isRejectedSignature(err) ? await opts.advise?.({ kind: 'credentials', error: err }).catch(() => undefined) : undefined;
    return { profile: opts.profile ?? env.AWS_PROFILE, region: r, modelId, ...(advice ? { advice } : {}) };
  }

  // A non-streamed call: its whole answer within the first-byte limit, and over at once when the
  // client goes away (even while the SDK sleeps before a retry: the deadline races its promise).
  async function answered<T>(modelId: string | undefined, signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new CallDeadline(signal);
    try {
      return await deadline.within(withAuthRetry(() => call(deadline.signal), modelId, deadline.signal), timeouts().firstByteMs, 'first-byte');
    } finally {
      deadline.end();
    }
  }

  // A stream: its first bytes within the first-byte limit and no later than the idle limit (a
  // black-holed stream must not hold a client for the long first-byte limit), then no silence
  // (no bytes at all) over the idle limit.
  async function streamed(input: ConverseCommandInput, signal: AbortSignal | undefined): Promise<AsyncIterable<ConverseStreamOutput>> {
    const t = timeouts();
    const deadline = new CallDeadline(signal);
    let lastBytes = 0;
    const call = { signal: deadline.signal, onBytes: () => void (lastBytes = Date.now()) };
    try {
      const headMs = Math.min(t.firstByteMs, t.streamIdleMs);
      const open = withAuthRetry(async () => {
        const out = await send<ConverseStreamCommandOutput>(new ConverseStreamCommand(input), call);
        if (!out.stream) throw new BadResponseError('no event stream');
        return out.stream;
      }, input.modelId, deadline.signal);
      // The SDK resolves once the first event is decoded: bytes of it arriving count as life.
      const stream = await deadline.idle(open, headMs, () => lastBytes, t.streamIdleMs < t.firstByteMs ? 'stream-start' : 'first-byte');
      return watchedStream(stream, deadline, t.streamIdleMs, () => lastBytes);
    } catch (err) {
      deadline.end();
      throw err;
    }
  }

  return {
    converse: async (input, signal) => {
      const out = await answered(input.modelId, signal, (s) => send<ConverseCommandOutput>(new ConverseCommand(input), s));
      // An empty 200 (a proxy's) parses as an answer with nothing in it.
      if (!out.output) throw fromBedrockError(new BadResponseError('the answer had no output'));
      return out;
    },
    converseStream: streamed,
    invokeModel: (input, signal) => answered(input.modelId, signal, (s) => send<InvokeModelCommandOutput>(new InvokeModelCommand(input), s)),
    countTokens: (input, signal) => answered(input.modelId, signal, (s) => send<CountTokensCommandOutput>(new CountTokensCommand(input), s)),
    listModels: (signal) => withAuthRetry(() => listModels(signal), undefined, signal),
    region,
    describe: () => ({ profile: opts.profile ?? env.AWS_PROFILE, endpoint: opts.endpoint ?? env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME, ...(stock ? { stockSdkClient: true as const } : {}) }),
    // Only with credentials at hand: they resolve through the client's own memoized provider, as
    // the first request would (which then reuses them), and without them nothing is opened.
    warm: async (warmOpts) => {
      if (!opts.apiKey && !env.AWS_BEARER_TOKEN_BEDROCK) {
        try {
          await (client.config.credentials as unknown as () => Promise<unknown>)();
        } catch (err) {
          // No credentials yet (signed out, expired): nothing to open; the state says so elsewhere.
          opts.log?.debug({ err }, 'no connection to Bedrock opened ahead of need: credentials do not load');
          return false;
        }
      }
      await warm(warmOpts);
      return true;
    },
    close: () => {
      client.destroy();
      control?.destroy();
    },
  };
}

export type { AwsCredentialIdentity, WarmOptions };
