import type { BedrockGateway, GatewayOptions } from '../../src-proxy/bedrock/gateway';

// The gateway module brings the AWS SDK with it (its clients, the credential chain, the smithy
// core): about a third of the code Outcrop loads, and more than a third of its start-up when it
// was loaded before listening. The proxy does not need it until the first request to Bedrock, so
// the core loads it in the background once it listens (loadGatewayModule), and a request that
// comes sooner waits for that one load.

type GatewayModule = typeof import('../../src-proxy/bedrock/gateway');

let loading: Promise<GatewayModule> | undefined;

/** Loads the gateway module (and the AWS SDK) once; later calls share the first load. */
export function loadGatewayModule(): Promise<GatewayModule> {
  return (loading ??= import('../../src-proxy/bedrock/gateway'));
}

/**
 * createBedrockGateway(opts) made on first use: every call waits for the module, then goes to
 * the one gateway made from `opts`. A gateway closed before it was made is never made.
 */
export function lazyGateway(opts: GatewayOptions): BedrockGateway {
  let made: BedrockGateway | undefined;
  let making: Promise<BedrockGateway> | undefined;
  let closed = false;
  const gateway = (): Promise<BedrockGateway> =>
    (making ??= loadGatewayModule().then((m) => {
      made = m.createBedrockGateway(opts);
      if (closed) made.close();
      return made;
    }));
  return {
    converse: async (input, signal) => (await gateway()).converse(input, signal),
    converseStream: async (input, signal) => (await gateway()).converseStream(input, signal),
    invokeModel: async (input, signal) => (await gateway()).invokeModel(input, signal),
    countTokens: async (input, signal) => (await gateway()).countTokens(input, signal),
    listModels: async (signal) => (await gateway()).listModels(signal),
    region: async () => (await gateway()).region(),
    describe: () => made?.describe() ?? describeUnmade(opts),
    warm: async (warmOpts) => (await gateway()).warm(warmOpts),
    close: () => {
      closed = true;
      made?.close();
    },
  };
}

/** What createBedrockGateway(opts).describe() answers, before the gateway is made. */
function describeUnmade(opts: GatewayOptions): ReturnType<BedrockGateway['describe']> {
  const env = opts.env ?? process.env;
  return {
    profile: opts.profile ?? env.AWS_PROFILE,
    endpoint: opts.endpoint ?? env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
    ...(env.OUTCROP_STOCK_SDK_CLIENT === '1' ? { stockSdkClient: true as const } : {}),
  };
}
