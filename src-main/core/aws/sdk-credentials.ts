// The SDK's credential chain, for credentials.ts to load with import() on first use (see
// lazy-gateway.ts for why). Through this module, not import('@aws-sdk/credential-providers')
// itself: in the esbuild bundle an import() of a CommonJS package yields only its default export.
// The network agents (https, tls, the proxy tunnel) come with it, so they too load on first use.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { sdkHttpHandlerOptions } from '../../../src-proxy/net/agents';
import type { NetworkConfig } from '../../../src-proxy/net/proxy-rules';

export { fromNodeProviderChain };

export type ChainInit = NonNullable<Parameters<typeof fromNodeProviderChain>[0]>;

// One set of agents per network config, shared by the chains made with it.
const handlers = new WeakMap<NetworkConfig, ReturnType<typeof sdkHttpHandlerOptions>>();

/** fromNodeProviderChain(init), with the clients the providers make themselves (SSO portal, SSO-OIDC, STS) going through the network config's proxy and CAs. */
export function providerChain(init: ChainInit, network: NetworkConfig | undefined): AwsCredentialIdentityProvider {
  let handler: ReturnType<typeof sdkHttpHandlerOptions>;
  if (network) {
    if (!handlers.has(network)) handlers.set(network, sdkHttpHandlerOptions(network));
    handler = handlers.get(network);
  }
  return fromNodeProviderChain({ ...init, ...(handler ? { clientConfig: { requestHandler: handler } } : {}) });
}
