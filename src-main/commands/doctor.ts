import { existsSync } from 'node:fs';
import { createBedrockGateway } from '../../src-proxy/bedrock/gateway';
import { resolveModel } from '../../src-proxy/models/resolve';
import { loadAwsFiles } from '../core/aws/aws-files';
import { AwsCredentials } from '../core/aws/credentials';
import { describeProfile, profileState } from '../core/aws/profiles';
import { outcropHome } from '../core/paths';
import { BEDROCK_API_KEY, FileSecretStore } from '../core/secrets';
import { SettingsStore } from '../core/settings/store';
import { VERSION } from '../core/version';
import { relativeTime, type CommandIO } from './io';

export interface DoctorOptions {
  profile?: string;
  region?: string;
}

type Mark = 'ok' | 'warn' | 'fail';
const SYMBOL: Record<Mark, string> = { ok: '✓', warn: '!', fail: '✗' };

/**
 * `outcrop doctor`: one screen on whether Outcrop can reach Bedrock — which profile and region,
 * whether the credentials work, which models the account can use — with a fix for each problem.
 */
export async function doctorCommand(opts: DoctorOptions, io: CommandIO): Promise<number> {
  let failures = 0;
  const line = (mark: Mark, text: string, fix?: string): void => {
    if (mark === 'fail') failures++;
    io.out(`${SYMBOL[mark]} ${text}`);
    if (fix) io.out(`    fix: ${fix}`);
  };
  const home = outcropHome(io.env);
  io.out(`Outcrop ${VERSION} on Node ${process.version}; settings in ${home}`);
  const { store, warnings } = await SettingsStore.open(home);
  for (const w of warnings) line('warn', w);
  const settings = store.get();
  const apiKey = io.env.AWS_BEARER_TOKEN_BEDROCK || (await new FileSecretStore(home).get(BEDROCK_API_KEY));

  const files = await loadAwsFiles(io.env);
  for (const p of files.problems) line('warn', p, 'Fix the line in the file; the AWS CLI ignores it too.');
  const profile = opts.profile ?? settings.profile ?? io.env.AWS_PROFILE ?? 'default';
  const source = opts.profile ? '--profile' : settings.profile ? 'Outcrop settings' : io.env.AWS_PROFILE ? 'AWS_PROFILE' : 'default';
  const envKeys = Boolean(io.env.AWS_ACCESS_KEY_ID && io.env.AWS_SECRET_ACCESS_KEY);
  if (apiKey) {
    line('ok', `Requests use a Bedrock API key (${io.env.AWS_BEARER_TOKEN_BEDROCK ? 'AWS_BEARER_TOKEN_BEDROCK' : 'saved in Outcrop'}) instead of AWS credentials.`);
  } else if (envKeys) {
    line('ok', 'Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment.');
  } else if (!files.profiles.has(profile)) {
    line('fail', `Profile "${profile}" (from ${source}) is not defined in ${files.configPath}${existsSync(files.configPath) ? '' : ' (the file does not exist)'}.`, files.profiles.size ? `pick one of ${[...files.profiles.keys()].join(', ')} in Outcrop settings or with --profile.` : 'run `aws configure sso` (IAM Identity Center) or `aws configure` (access keys).');
  } else {
    const details = describeProfile(files, profile);
    const state = await profileState(files, details, io.env);
    const kind = `${details.kind}${details.startUrl ? `, ${details.startUrl}` : ''}${details.accountId ? `, account ${details.accountId}` : ''}${details.roleName ? `, role ${details.roleName}` : ''}`;
    if (state.status === 'error') line('fail', `Profile "${profile}" (from ${source}; ${kind}): ${state.message}`, 'correct the profile in your AWS config file.');
    else if (state.status === 'needs-sign-in') line('fail', `Profile "${profile}" (from ${source}; ${kind}) needs sign-in: ${state.message}`, `npm run outcrop -- login --profile ${profile}`);
    else line('ok', `Profile "${profile}" (from ${source}; ${kind})${state.expiresAt ? `, signed in until ${state.expiresAt} (${relativeTime(state.expiresAt)})` : ''}.`);
  }

  const credentials = new AwsCredentials({ profile: opts.profile ?? settings.profile, env: io.env });
  const gateway = createBedrockGateway({
    region: opts.region ?? settings.region,
    profile: opts.profile ?? settings.profile,
    endpoint: settings.bedrockEndpoint,
    credentials: credentials.providerFactory(),
    maxAttempts: 1,
    ...(apiKey ? { apiKey } : {}),
  });
  try {
    let region: string | undefined;
    try {
      region = await gateway.region();
      line('ok', `Region ${region}.`);
    } catch {
      line('fail', 'No AWS region is set.', 'set "region" in Outcrop settings, pass --region, set AWS_REGION, or add region = us-east-1 to the profile.');
      return finish();
    }
    if (!apiKey) {
      try {
        const creds = await credentials.providerFactory()()();
        const id = creds.accessKeyId;
        line('ok', `Credentials load: access key ${id.slice(0, 4)}…${id.slice(-4)}${creds.expiration ? `, expiring ${creds.expiration.toISOString()} (${relativeTime(creds.expiration.toISOString())}); they renew by themselves while the sign-in lasts` : ''}.`);
      } catch (err) {
        line('fail', `Credentials do not load: ${(err as Error).message}`, `npm run outcrop -- login --profile ${profile} (SSO), or check the keys of the profile.`);
        return finish();
      }
    }
    try {
      const listing = await gateway.listModels();
      const ids = new Set([...listing.foundationModels.map((m) => m.modelId!), ...listing.inferenceProfiles.map((p) => p.inferenceProfileId!)]);
      line('ok', `Bedrock answers: ${listing.foundationModels.length} models and ${listing.inferenceProfiles.length} inference profiles in ${region}.`);
      const model = resolveModel(settings.defaultModel, { aliases: settings.aliases, region });
      if (model.via === 'arn' || ids.has(model.modelId)) line('ok', `Default model "${settings.defaultModel}" is ${model.modelId}.`);
      else line('warn', `Default model "${settings.defaultModel}" is ${model.modelId}, which region ${region} does not list.`, 'pick another default model, or another region.');
    } catch (err) {
      const e = err as { message: string; code?: string };
      const fix = e.code === 'bedrock_access_denied' ? 'the role needs bedrock:ListFoundationModels and bedrock:InvokeModel* permissions.' : e.code === 'aws_credentials' ? `npm run outcrop -- login --profile ${profile}` : 'check the network, VPN, proxy or the Bedrock endpoint setting.';
      line('fail', `Bedrock did not answer: ${e.message}`, fix);
    }
    return finish();
  } finally {
    gateway.close();
    credentials.dispose();
  }

  function finish(): number {
    io.out(failures ? `${failures} problem${failures === 1 ? '' : 's'} found.` : 'Everything looks good: point your tools at Outcrop.');
    return failures ? 1 : 0;
  }
}
