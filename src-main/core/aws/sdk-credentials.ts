// The SDK's credential chain, for credentials.ts to load with import() on first use (see
// lazy-gateway.ts for why). Through this module, not import('@aws-sdk/credential-providers')
// itself: in the esbuild bundle an import() of a CommonJS package yields only its default export.
export { fromNodeProviderChain } from '@aws-sdk/credential-providers';
