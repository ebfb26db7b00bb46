// The SSO-OIDC client, for sso-login.ts to load with import() when a sign-in starts (see
// sdk-credentials.ts for why through this module).
export { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
