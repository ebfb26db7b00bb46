// Public API of the STS emulator (awsQuery AssumeRole + GetCallerIdentity): see types.ts for the
// shapes, server.ts and actions.ts for behaviour, aws-files.ts for assume-role profile files.
export { startStsEmulator } from './server';
export { DEFAULT_ROLE_ARN, stsEmulatorEnv, writeRoleProfile } from './aws-files';
export type { RoleProfileFiles, WriteRoleProfileOptions } from './aws-files';
export type { IssuedStsCredentials, StsAction, StsEmulator, StsEmulatorOptions, StsFault, StsRecordedRequest, StsRole } from './types';
