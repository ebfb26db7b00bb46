import type { AccountModels } from '../../../src-proxy/bedrock/gateway';
import { catalogByAlias, catalogById } from '../../../src-proxy/models/catalog';
import type { UsageSummary } from '../../../src-shared/admin';
import { baseModelId } from './prices';

// Names for the usage screen's model rows: the request log keys usage by the Bedrock id a request
// went to (us.anthropic.claude-sonnet-4-5-20250929-v1:0, an application profile ARN), which no
// one reads well. The UI shows the name and keeps the id for hover and export.

/** Where names come from: the user's aliases (alias -> target) and the account's model listing, when read. */
export interface ModelNameSources {
  aliases: Record<string, string>;
  account?: AccountModels;
}

const GEO = /^(us-gov|us|eu|apac|jp|au|ca|global)\./i;

/**
 * The name of a model a usage row is keyed by: the account's name for an application profile,
 * the catalogue's, the account listing's (foundation model, then system profile), else a user
 * alias that points at it; undefined when nothing names it.
 */
export function usageModelName(key: string, src: ModelNameSources): string | undefined {
  const account = src.account;
  const profile = account?.inferenceProfiles.find((p) => p.inferenceProfileArn === key || p.inferenceProfileId === key);
  if (profile?.type === 'APPLICATION' && profile.inferenceProfileName) return profile.inferenceProfileName;
  const base = baseModelId(key);
  const named =
    (base && catalogById(base)?.name) ??
    (base && account?.foundationModels.find((m) => m.modelId?.toLowerCase() === base)?.modelName) ??
    profile?.inferenceProfileName ??
    // A request that failed before it was resolved is keyed by the name the client sent.
    catalogByAlias(key)?.name;
  if (named) return named;
  const alias = Object.entries(src.aliases).find(([, target]) => target === key || (base !== undefined && target.toLowerCase() === base));
  return alias?.[0];
}

/**
 * The summary with a displayName on each model row. Rows that would share a name (the same model
 * through us., global. and in-region) say which way they went: "Claude Sonnet 4.5 (global)".
 */
export function withModelNames(summary: UsageSummary, src: ModelNameSources): UsageSummary {
  const names = summary.byModel.map((row) => usageModelName(row.key, src));
  const counts = new Map<string, number>();
  for (const n of names) if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  const byModel = summary.byModel.map((row, i) => {
    const name = names[i];
    if (!name) return row;
    if ((counts.get(name) ?? 0) < 2) return { ...row, displayName: name };
    const geo = GEO.exec(row.key)?.[1].toLowerCase();
    const way = geo ?? (baseModelId(row.key) === row.key.toLowerCase() ? 'in-region' : undefined);
    return { ...row, displayName: way ? `${name} (${way})` : name };
  });
  return { ...summary, byModel };
}
