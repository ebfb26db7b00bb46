import { loadAwsFiles } from '../core/aws/aws-files';
import { describeProfile } from '../core/aws/profiles';
import { RegistrationStore } from '../core/aws/registrations';
import { startSignIn } from '../core/aws/sso-login';
import { resolveNetwork } from '../core/network';
import { outcropHome } from '../core/paths';
import { SettingsStore } from '../core/settings/store';
import { openInBrowser, relativeTime, type CommandIO } from './io';

export interface LoginOptions {
  profile?: string;
  deviceCode?: boolean;
  browser?: boolean;
}

/** `outcrop login`: signs in to an SSO profile as `aws sso login` does; the token is shared with the AWS CLI. */
export async function loginCommand(opts: LoginOptions, io: CommandIO): Promise<number> {
  const home = outcropHome(io.env);
  const { store } = await SettingsStore.open(home);
  const profile = opts.profile ?? store.get().profile ?? io.env.AWS_PROFILE ?? 'default';
  let handle;
  try {
    const files = await loadAwsFiles(io.env);
    const network = resolveNetwork(store.get(), io.env);
    for (const problem of network.problems) io.err(problem);
    handle = await startSignIn(describeProfile(files, profile), { registrations: new RegistrationStore(home), deviceCode: opts.deviceCode, env: io.env, network: network.config });
  } catch (err) {
    io.err(`Cannot sign in: ${(err as Error).message}`);
    return 1;
  }
  io.out(`Sign in to AWS for profile "${profile}" in your browser:`);
  io.out(`  ${handle.url}`);
  if (handle.userCode) io.out(`  Check that the browser shows the code ${handle.userCode}.`);
  if (opts.browser !== false && openInBrowser(handle.url, io.env)) io.out('(Opened your browser.)');
  io.out('Waiting for the browser… Ctrl-C cancels.');
  const cancel = (): void => handle.cancel();
  process.once('SIGINT', cancel);
  try {
    const result = await handle.done;
    const ends = result.sessionEndsAt === result.expiresAt
      ? `The session ends at ${result.expiresAt} (${relativeTime(result.expiresAt)}): sign in again then.`
      : `The token refreshes itself until the session ends at ${result.sessionEndsAt} (${relativeTime(result.sessionEndsAt)}).`;
    io.out(`Signed in. ${ends} The sign-in is shared with the AWS CLI (${result.cacheFile}).`);
    return 0;
  } catch (err) {
    io.err((err as Error).message);
    return 1;
  } finally {
    process.off('SIGINT', cancel);
  }
}
