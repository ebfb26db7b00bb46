import type { ProxyContext } from '../context';
import { ProxyError } from '../errors';
import { resolveModel, type ModelResolutionOptions, type ResolvedModel } from '../models/resolve';

/**
 * The Bedrock model for a request's model name, with the user's aliases and default, the region's
 * prefix, the user's profile preference and the account's listing (names resolve by rule against
 * it, built-in catalogue as fallback). Until the first listing was tried, a name the listing could
 * settle waits for it (bounded by the directory's first wait), so the first request after start
 * goes where every later one will and a model the account has is never a 404 for being early.
 */
export async function resolveRequestModel(ctx: ProxyContext, name: string | undefined): Promise<ResolvedModel> {
  const settings = ctx.settings();
  const opts: ModelResolutionOptions = {
    aliases: settings.aliases,
    region: await ctx.bedrock.region(),
    defaultModel: settings.defaultModel,
    profilePreference: settings.profilePreference,
    account: () => ctx.models.current(),
  };
  let early: ResolvedModel | ProxyError;
  try {
    early = resolveModel(name, opts);
  } catch (err) {
    if (!(err instanceof ProxyError) || err.code !== 'model_not_found') throw err;
    early = err;
  }
  // ARNs and prefixed profile ids go as given; everything else may read the listing.
  const settled = !(early instanceof ProxyError) && (early.via === 'arn' || early.via === 'inference-profile');
  const listing = settled || ctx.models.current() ? undefined : await ctx.models.first();
  if (listing) return resolveModel(name, { ...opts, account: listing });
  if (early instanceof ProxyError) throw early;
  return early;
}
