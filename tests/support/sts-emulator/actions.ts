// Who is calling (SigV4 against static and issued keys) and what STS answers: AssumeRole,
// GetCallerIdentity.
import { createHash, randomBytes } from 'node:crypto';
import { authenticate, type AuthInput } from '../bedrock-emulator/sigv4';
import type { IssuedStsCredentials, StsRole } from './types';
import { isoSeconds, StsError, type XmlTree } from './wire';

const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME_RE = /^[\w+=,.@-]{2,64}$/;
const CHAINED_MAX_SECONDS = 3600;

// The Bedrock emulator's verifier answers Bedrock's JSON error types; STS's query codes differ.
const AUTH_CODES: Record<string, string> = {
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  IncompleteSignatureException: 'IncompleteSignature',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  ExpiredTokenException: 'ExpiredToken',
};

/** The authenticated caller of a request. */
export interface Caller {
  accessKeyId: string;
  /** IAM user ARN (static keys) or assumed-role ARN (issued keys). */
  arn: string;
  userId: string;
  account: string;
  /** The issued credentials the request was signed with, if not a static key. */
  issued?: IssuedStsCredentials;
}

/** What signed a request, from its Authorization header (set even when authentication fails). */
export interface AuthInfo {
  accessKeyId?: string;
  region?: string;
  service?: string;
  sessionToken?: string;
}

/** Deterministic 17-character upper-case id for a name (role and user ids). */
function idFor(prefix: string, name: string): string {
  return prefix + createHash('sha256').update(name).digest('hex').toUpperCase().slice(0, 17);
}

export class StsState {
  readonly staticKeys: Map<string, string>;
  readonly issued = new Map<string, IssuedStsCredentials>();
  readonly expired = new Set<string>();

  constructor(
    private readonly initialKeys: Record<string, string>,
    private readonly roles: Record<string, StsRole> | undefined,
    private readonly accountId: string,
    private readonly userName: string,
  ) {
    this.staticKeys = new Map(Object.entries(initialKeys));
  }

  clear(): void {
    this.issued.clear();
    this.expired.clear();
    this.staticKeys.clear();
    for (const [id, secret] of Object.entries(this.initialKeys)) this.staticKeys.set(id, secret);
  }

  /** Verifies the SigV4 signature (service `sts`) and session token; throws the StsError STS would answer. */
  async authenticate(input: AuthInput, info: AuthInfo): Promise<Caller> {
    const header = input.headers['authorization'];
    if (!header) throw new StsError('MissingAuthenticationToken');
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(header);
    if (scope) Object.assign(info, { accessKeyId: scope[1], region: scope[2], service: scope[3] });
    info.sessionToken = input.headers['x-amz-security-token'];
    if (!header.startsWith('AWS4-HMAC-SHA256 ')) {
      throw new StsError('IncompleteSignature', `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.`);
    }
    const credentials = new Map(this.staticKeys);
    for (const [id, c] of this.issued) credentials.set(id, c.secretAccessKey);
    const result = await authenticate(input, { verify: true, credentials, apiKeys: new Set(), revoked: new Map() }, 'sts');
    if (result.error) throw new StsError(AUTH_CODES[result.error.type] ?? result.error.type, result.error.message);
    const accessKeyId = result.accessKeyId!;
    const issued = this.issued.get(accessKeyId);
    if (!issued) {
      return { accessKeyId, arn: `arn:aws:iam::${this.accountId}:user/${this.userName}`, userId: idFor('AIDA', accessKeyId), account: this.accountId };
    }
    if (result.sessionToken !== issued.sessionToken) throw new StsError('InvalidClientTokenId');
    if (this.expired.has(accessKeyId) || issued.expiration.getTime() <= Date.now()) throw new StsError('ExpiredToken');
    return { accessKeyId, arn: issued.assumedRoleArn, userId: issued.assumedRoleId, account: ROLE_ARN_RE.exec(issued.roleArn)![1], issued };
  }

  assumeRole(caller: Caller, params: Record<string, string>): { issued: IssuedStsCredentials; result: XmlTree } {
    const roleArn = params.RoleArn;
    const sessionName = params.RoleSessionName;
    if (!roleArn) throw validation('roleArn', 'Member must not be null');
    if (!sessionName) throw validation('roleSessionName', 'Member must not be null');
    if (!SESSION_NAME_RE.test(sessionName)) {
      throw validation('roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*', sessionName);
    }
    const duration = params.DurationSeconds === undefined ? 3600 : Number(params.DurationSeconds);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw validation('durationSeconds', 'Member must have value between 900 and 43200', params.DurationSeconds);
    }
    const arn = ROLE_ARN_RE.exec(roleArn);
    if (!arn) throw new StsError('ValidationError', 'Request ARN is invalid');
    const role = this.roles ? this.roles[roleArn] : {};
    const allowed = role?.allowedSourceKeys;
    if (!role || (allowed && !allowed.includes(caller.accessKeyId) && !(caller.issued && allowed.includes(caller.issued.roleArn)))) {
      throw new StsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    if (caller.issued && duration > CHAINED_MAX_SECONDS) {
      throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > (role.maxSessionDuration ?? 3600)) {
      throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const [, account, roleName] = arn;
    const issued: IssuedStsCredentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzEMU${randomBytes(120).toString('base64')}`,
      expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + duration * 1000),
      roleArn,
      roleSessionName: sessionName,
      assumedRoleArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      assumedRoleId: `${idFor('AROA', roleArn)}:${sessionName}`,
      sourceAccessKeyId: caller.accessKeyId,
    };
    this.issued.set(issued.accessKeyId, issued);
    const result: XmlTree = {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: isoSeconds(issued.expiration),
      },
      AssumedRoleUser: { AssumedRoleId: issued.assumedRoleId, Arn: issued.assumedRoleArn },
    };
    return { issued, result };
  }

  callerIdentity(caller: Caller): XmlTree {
    return { UserId: caller.userId, Account: caller.account, Arn: caller.arn };
  }
}

function validation(member: string, constraint: string, value?: string): StsError {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return new StsError('ValidationError', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}
