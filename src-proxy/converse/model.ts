import type { ProxyContext } from '../context';
import { ProxyError } from '../errors';
import { resolveModel, type ResolvedModel } from '../models/resolve';

/**
 * The Bedrock model for a request's model name, with the user's aliases and default, the region's
 * prefix and the account's listing (for Claude releases newer than the built-in catalogue). A name
 * only the listing can settle waits once for the first listing (bounded by the directory's first
 * wait), so a tool's very first request after start does not get a 404 for a model the account has.
 */
export async function resolveRequestModel(ctx: ProxyContext, name: string | undefined): Promise<ResolvedModel> {
  const settings = ctx.settings();
  const opts = { aliases: settings.aliases, region: await ctx.bedrock.region(), defaultModel: settings.defaultModel, account: () => ctx.models.current() };
  try {
    return resolveModel(name, opts);
  } catch (err) {
    if (!(err instanceof ProxyError) || err.code !== 'model_not_found' || ctx.models.current()) throw err;
    const listing = await ctx.models.get();
    if (!listing) throw err;
    return resolveModel(name, { ...opts, account: listing });
  }
}
