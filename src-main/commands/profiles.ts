import { awsFilePaths } from '../core/aws/aws-files';
import { listProfiles } from '../core/aws/profiles';
import { outcropHome } from '../core/paths';
import { SettingsStore } from '../core/settings/store';
import { relativeTime, type CommandIO } from './io';

/** `outcrop profiles`: every AWS profile with its kind, region and sign-in state; the active one marked. */
export async function profilesCommand(opts: { json?: boolean }, io: CommandIO): Promise<number> {
  const { store } = await SettingsStore.open(outcropHome(io.env));
  const active = store.get().profile ?? io.env.AWS_PROFILE ?? 'default';
  const { profiles, problems } = await listProfiles(io.env);
  if (opts.json) {
    io.out(JSON.stringify({ active, profiles, problems }, null, 2));
    return 0;
  }
  if (profiles.length === 0) {
    const { configPath } = awsFilePaths(io.env);
    io.out(`No AWS profiles found in ${configPath}. Create one with \`aws configure sso\` (IAM Identity Center) or \`aws configure\` (access keys).`);
  } else {
    const rows = profiles.map((p) => {
      const state = p.state!;
      const when = state.expiresAt && state.status === 'valid' ? ` until ${state.expiresAt} (${relativeTime(state.expiresAt)})` : '';
      const text = state.status === 'error' ? `error: ${state.message}` : state.status === 'needs-sign-in' ? 'needs sign-in' : `${state.status}${when}`;
      return [p.name === active ? `* ${p.name}` : `  ${p.name}`, p.kind, p.region ?? '-', text];
    });
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['  PROFILE', 'KIND', 'REGION'][i].length));
    const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ');
    io.out(line(['  PROFILE', 'KIND', 'REGION', 'STATE']));
    for (const r of rows) io.out(line(r));
  }
  for (const p of problems) io.out(`Warning: ${p}`);
  return 0;
}
