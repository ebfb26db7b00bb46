// Public types of the STS emulator (awsQuery: form-encoded POST /, XML answers).

/** Operations the emulator answers; anything else gets InvalidAction. */
export type StsAction = 'AssumeRole' | 'GetCallerIdentity';

export interface StsRole {
  /**
   * Who may assume the role: access key ids (static or issued by this emulator), or role ARNs whose
   * sessions may chain into this role. Default: any authenticated caller.
   */
  allowedSourceKeys?: string[];
  /** The role's MaxSessionDuration in seconds (default 3600); a longer DurationSeconds is a ValidationError. */
  maxSessionDuration?: number;
}

export interface StsEmulatorOptions {
  port?: number;
  host?: string;
  /** Serve HTTPS with this key and certificate (the URL is then https://). */
  tls?: { key: string; cert: string };
  /** Static source keys accepted for SigV4: accessKeyId -> secretAccessKey. Default: the Bedrock emulator's test key. */
  credentials?: Record<string, string>;
  /**
   * Roles that may be assumed, by ARN. Default (option absent): any well-formed role ARN, by any caller.
   * When given, any other ARN is AccessDenied.
   */
  roles?: Record<string, StsRole>;
  /** Account of the static keys' IAM user (GetCallerIdentity, AccessDenied messages). Default 111122223333. */
  accountId?: string;
  /** IAM user name behind the static keys. Default 'outcrop-test'. */
  userName?: string;
  /** Called with every set of credentials AssumeRole issues (hand them to the Bedrock emulator here). */
  onCredentials?: (issued: IssuedStsCredentials) => void;
  /** Called for every request once it is answered. */
  onRequest?: (req: StsRecordedRequest) => void;
  /** Oldest recorded requests are dropped beyond this many (default 10 000). */
  recordLimit?: number;
}

/** Temporary credentials handed out by AssumeRole (also in `issuedCredentials`). */
export interface IssuedStsCredentials {
  /** `ASIA…` */
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  roleArn: string;
  roleSessionName: string;
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` */
  assumedRoleArn: string;
  /** `AROA…:<session name>` */
  assumedRoleId: string;
  /** Access key id that signed the AssumeRole request. */
  sourceAccessKeyId: string;
}

export interface StsRecordedRequest {
  /** The `Action` parameter as sent ('' when missing). */
  action: string;
  method: string;
  path: string;
  /** Query and form parameters, decoded (form wins on repeats). */
  params: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** From the SigV4 Credential scope. */
  accessKeyId?: string;
  region?: string;
  service?: string;
  sessionToken?: string;
  /** Status answered. */
  status?: number;
  /** `<Code>` answered, if an error. */
  errorCode?: string;
  /** `<RequestId>` (and `x-amzn-RequestId`) answered. */
  requestId: string;
  time: number;
}

/** An error answered instead of the next request(s) of an action. */
export interface StsFault {
  /** Error code, e.g. 'AccessDenied', 'ExpiredToken', 'Throttling', 'InternalFailure'. */
  code: string;
  /** Default: the status STS answers for the code (400 for unknown codes). */
  status?: number;
  message?: string;
  /** How many requests in a row fail (default 1). The SDK retries 5xx and throttling errors (3 attempts). */
  times?: number;
}

export interface StsEmulator {
  /** Base URL: set `AWS_ENDPOINT_URL_STS` to it (see stsEmulatorEnv) or pass it as the STS client's endpoint. */
  url: string;
  port: number;
  requests: StsRecordedRequest[];
  issuedCredentials: IssuedStsCredentials[];
  lastRequest(action?: StsAction): StsRecordedRequest | undefined;
  /** Accepts another static source key from now on. */
  addCredentials(accessKeyId: string, secretAccessKey: string): void;
  /** The next request(s) of `action` fail with `fault` (before authentication). */
  failNext(action: StsAction, fault: StsFault): void;
  /** Issued credentials (one, or all by default) are expired: using them against STS answers ExpiredToken. */
  expireCredentials(accessKeyId?: string): void;
  /** Back to the state right after start: no requests, issued credentials or faults; options as given. */
  reset(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}
