// The SDK's reader of ~/.aws/config and ~/.aws/credentials, for aws-files.ts to load with import()
// on first use (see sdk-credentials.ts for why through this module, and lazy-gateway.ts for why late).
export { loadSharedConfigFiles } from '@smithy/core/config';
