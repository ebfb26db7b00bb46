import { awsFilePaths } from '../core/aws/aws-files';
import { listProfiles } from '../core/aws/profiles';
import { outcropHome } from '../core/paths';
import { SettingsStore } from '../core/settings/store';
import type { ProfileState } from '../../src-shared/aws';
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
    const rows = profiles.map((p) => [p.name === active ? `* ${p.name}` : `  ${p.name}`, p.kind, p.region ?? '-', stateText(p.state!)]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['  PROFILE', 'KIND', 'REGION'][i].length));
    const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ');
    io.out(line(['  PROFILE', 'KIND', 'REGION', 'STATE']));
    for (const r of rows) io.out(line(r));
  }
  for (const p of problems) io.out(`Warning: ${p}`);
  return 0;
}

/** A state in words: "valid, refreshes automatically, session ends <time> (in 89 days)". */
function stateText(state: ProfileState): string {
  if (state.status === 'error') return `error: ${state.message}`;
  if (state.status === 'needs-sign-in') return 'needs sign-in';
  const end = state.sessionEndsAt ?? state.expiresAt;
  if (state.status !== 'valid' || !end) return state.status;
  return `${state.status}, ${state.refreshable ? 'refreshes automatically, ' : ''}session ends ${end} (${inWords(end)})`;
}

/** relativeTime, in days once the span is longer than two (a refreshable session lasts weeks). */
function inWords(iso: string, now = Date.now()): string {
  const days = Math.floor((Date.parse(iso) - now) / 86400_000);
  return days >= 2 ? `in ${days} days` : relativeTime(iso, now);
}
