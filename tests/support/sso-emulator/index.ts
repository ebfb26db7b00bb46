// Public API of the AWS SSO emulator (SSO-OIDC + SSO portal): see types.ts for the shapes,
// server.ts for behaviour, aws-files.ts for the config and token cache files.
export { startSsoEmulator } from './server';
export { DEFAULT_SSO_ACCOUNTS, DEFAULT_SSO_USERS, DEFAULT_SSO_SCOPES, DEVICE_CODE_GRANT } from './store';
export { codeChallengeOf } from './oidc';
export {
  DEFAULT_START_URL,
  DEFAULT_SSO_REGION,
  rfc3339,
  ssoCacheFilePath,
  ssoClientConfig,
  ssoEmulatorEnv,
  writeSsoConfig,
  writeSsoTokenCache,
} from './aws-files';
export type { SsoConfigFiles, SsoTokenCacheEntry, WriteSsoConfigOptions } from './aws-files';
export type {
  IssuedRoleCredentials,
  PendingAuthorization,
  SeededSession,
  SeedSessionOptions,
  SsoAccount,
  SsoBehaviour,
  SsoEmulator,
  SsoEmulatorOptions,
  SsoFault,
  SsoOperation,
  SsoRecordedRequest,
  SsoUser,
} from './types';
