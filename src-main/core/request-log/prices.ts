import type { PriceSource, PriceView } from '../../../src-shared/admin';
import type { RequestLogEntry } from '../../../src-shared/request-log';

// Bedrock prices as data, in USD per 1M tokens: the fallback when neither the user (settings
// priceOverrides) nor AWS's machine-readable price list (src-main/core/prices/) prices a model.
//
// Public on-demand prices, us-east-1, as known on BUILT_IN_PRICES_AS_OF; verify against
// https://aws.amazon.com/bedrock/pricing/ (other regions, batch, provisioned throughput, long-context
// tiers and image/video inputs of embedding models are priced differently and not modelled here).
// Claude Opus 4.8, 5, 5.5 and Sonnet 5, 5.5 (added 2026-12-06): Anthropic's model pages
// (https://platform.claude.com/docs/en/about-claude/models/overview and each model's overview page:
// input, output, 5-minute cache write and cache read per MTok), which Bedrock's global profiles
// match; Geo/In-region calls cost 10% more (https://aws.amazon.com/bedrock/pricing/). Models whose
// price no such page gives (Opus 4.7, Haiku 5.5's tiers, the December 2025 and February 2026
// open-weight additions: Mistral Large 3, Qwen3 Next, Gemma 3, MiniMax, Kimi, Nemotron) have no row:
// the AWS price list prices them, else they show "no price".
// Other newer models (Nova 2 Pro, …) get their prices from the AWS price list
// (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrockFoundationModels/current/<region>/index.json
// and …/AmazonBedrock/…), fetched daily; the rows here are what was published when they were written.
//
// To update: edit or add a row in PRICE_TABLE. A row's `prefix` is matched against the base model
// id (no region prefix, no ARN); the longest matching prefix wins, so row order does not matter.
// An id no row matches has no price: costs stay undefined rather than guessed.

/** The date the built-in table's prices were checked (YYYY-MM-DD), shown as its "as of". */
export const BUILT_IN_PRICES_AS_OF = '2025-11-01';
/** The date of the rows added later (each row says which it has). */
const CLAUDE_5_AS_OF = '2026-12-06';

/** USD per 1M tokens. Cache prices are absent for models that do not cache. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

interface PriceRow extends ModelPrice {
  prefix: string;
  /**
   * Multiplier for regional (geo-prefixed or in-region) calls; the row holds the global price.
   * Claude 4.5 and later cost 10% more outside `global.` profiles (the pricing page lists Global
   * and Geo/In-region rates apart).
   */
  regional?: number;
  /** When this row's price was read, when later than BUILT_IN_PRICES_AS_OF. */
  asOf?: string;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

// Anthropic: cache writes 1.25x input (5-minute TTL), cache reads 0.1x input.
const claude = (input: number, output: number, regional?: number): ModelPrice & { regional?: number } => ({
  input, output, cacheRead: round6(input * 0.1), cacheWrite: round6(input * 1.25), ...(regional ? { regional } : {}),
});
// Amazon Nova: cache reads 75% off input; cache writes carry no premium (billed as input).
const nova = (input: number, output: number): ModelPrice => ({ input, output, cacheRead: round6(input * 0.25), cacheWrite: input });
const plain = (input: number, output: number): ModelPrice => ({ input, output });
const embedding = (input: number): ModelPrice => ({ input, output: 0 });

const GLOBAL_PREMIUM = 1.1;

const PRICE_TABLE: PriceRow[] = [
  // Anthropic Claude
  { prefix: 'anthropic.claude-opus-5-5', input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5, regional: GLOBAL_PREMIUM, asOf: CLAUDE_5_AS_OF },
  { prefix: 'anthropic.claude-opus-5', ...claude(5, 25, GLOBAL_PREMIUM), asOf: CLAUDE_5_AS_OF },
  { prefix: 'anthropic.claude-sonnet-5-5', ...claude(2, 10, GLOBAL_PREMIUM), asOf: CLAUDE_5_AS_OF },
  { prefix: 'anthropic.claude-sonnet-5', ...claude(2, 10, GLOBAL_PREMIUM), asOf: CLAUDE_5_AS_OF },
  { prefix: 'anthropic.claude-opus-4-8', ...claude(5, 25, GLOBAL_PREMIUM), asOf: CLAUDE_5_AS_OF },
  { prefix: 'anthropic.claude-opus-4-6', ...claude(5, 25, GLOBAL_PREMIUM) },
  { prefix: 'anthropic.claude-opus-4-5', ...claude(5, 25, GLOBAL_PREMIUM) },
  { prefix: 'anthropic.claude-opus-4-1', ...claude(15, 75) },
  { prefix: 'anthropic.claude-opus-4-2025', ...claude(15, 75) },
  { prefix: 'anthropic.claude-sonnet-4-6', ...claude(3, 15, GLOBAL_PREMIUM) },
  { prefix: 'anthropic.claude-sonnet-4-5', ...claude(3, 15, GLOBAL_PREMIUM) },
  { prefix: 'anthropic.claude-sonnet-4-2025', ...claude(3, 15) },
  { prefix: 'anthropic.claude-haiku-4-5', ...claude(1, 5, GLOBAL_PREMIUM) },
  { prefix: 'anthropic.claude-3-7-sonnet', ...claude(3, 15) },
  { prefix: 'anthropic.claude-3-5-sonnet', ...claude(3, 15) },
  { prefix: 'anthropic.claude-3-5-haiku', ...claude(0.8, 4) },
  { prefix: 'anthropic.claude-3-haiku', ...plain(0.25, 1.25) },
  { prefix: 'anthropic.claude-3-opus', ...plain(15, 75) },
  // Amazon Nova
  { prefix: 'amazon.nova-micro', ...nova(0.035, 0.14) },
  { prefix: 'amazon.nova-lite', ...nova(0.06, 0.24) },
  { prefix: 'amazon.nova-pro', ...nova(0.8, 3.2) },
  { prefix: 'amazon.nova-premier', ...nova(2.5, 12.5) },
  { prefix: 'amazon.nova-2-lite', ...nova(0.3, 2.5) },
  // Meta Llama
  { prefix: 'meta.llama4-maverick', ...plain(0.24, 0.97) },
  { prefix: 'meta.llama4-scout', ...plain(0.17, 0.66) },
  { prefix: 'meta.llama3-3-70b', ...plain(0.72, 0.72) },
  { prefix: 'meta.llama3-2-90b', ...plain(0.72, 0.72) },
  { prefix: 'meta.llama3-2-11b', ...plain(0.16, 0.16) },
  { prefix: 'meta.llama3-2-3b', ...plain(0.15, 0.15) },
  { prefix: 'meta.llama3-2-1b', ...plain(0.1, 0.1) },
  { prefix: 'meta.llama3-1-405b', ...plain(2.4, 2.4) },
  { prefix: 'meta.llama3-1-70b', ...plain(0.72, 0.72) },
  { prefix: 'meta.llama3-1-8b', ...plain(0.22, 0.22) },
  { prefix: 'meta.llama3-70b', ...plain(2.65, 3.5) },
  { prefix: 'meta.llama3-8b', ...plain(0.3, 0.6) },
  // Mistral AI
  { prefix: 'mistral.mistral-large-2407', ...plain(2, 6) },
  { prefix: 'mistral.mistral-large-2402', ...plain(4, 12) },
  { prefix: 'mistral.pixtral-large-2502', ...plain(2, 6) },
  { prefix: 'mistral.mistral-small-2402', ...plain(1, 3) },
  { prefix: 'mistral.mixtral-8x7b', ...plain(0.45, 0.7) },
  { prefix: 'mistral.mistral-7b', ...plain(0.15, 0.2) },
  // DeepSeek
  { prefix: 'deepseek.r1', ...plain(1.35, 5.4) },
  { prefix: 'deepseek.v3', ...plain(0.58, 1.68) },
  // OpenAI open-weight
  { prefix: 'openai.gpt-oss-120b', ...plain(0.15, 0.6) },
  { prefix: 'openai.gpt-oss-20b', ...plain(0.07, 0.3) },
  // Qwen
  { prefix: 'qwen.qwen3-coder-480b', ...plain(0.22, 1.8) },
  { prefix: 'qwen.qwen3-coder-30b', ...plain(0.15, 0.6) },
  { prefix: 'qwen.qwen3-235b', ...plain(0.22, 0.88) },
  { prefix: 'qwen.qwen3-32b', ...plain(0.15, 0.6) },
  // Embeddings (text input tokens only)
  { prefix: 'amazon.titan-embed-text-v2', ...embedding(0.02) },
  { prefix: 'amazon.titan-embed-text-v1', ...embedding(0.1) },
  { prefix: 'cohere.embed-english-v3', ...embedding(0.1) },
  { prefix: 'cohere.embed-multilingual-v3', ...embedding(0.1) },
  { prefix: 'cohere.embed-v4', ...embedding(0.12) },
  { prefix: 'amazon.nova-2-multimodal-embeddings', ...embedding(0.135) },
];

// Geography prefixes of system-defined inference profiles (us.anthropic.claude-…).
const REGION_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\./;

/** The base model id of a model id, inference-profile id or ARN; undefined when it names no model (application profile, provisioned model). */
export function baseModelId(modelId: string): string | undefined {
  return parseModelId(modelId)?.base;
}

function parseModelId(modelId: string): { base: string; global: boolean } | undefined {
  let id = modelId.trim().toLowerCase();
  if (id.startsWith('arn:')) {
    // arn:aws:bedrock:<region>:<account>:<type>/<id>; only these two types name a model.
    const match = /^arn:[^:]+:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile)\/(.+)$/.exec(id);
    if (!match) return undefined;
    id = match[2];
  }
  const geo = REGION_PREFIX.exec(id);
  const base = geo ? id.slice(geo[0].length) : id;
  return base ? { base, global: geo?.[1] === 'global' } : undefined;
}

/** True when a model id calls through a `global.` profile (priced apart from geo and in-region calls for Claude 4.5 and later). */
export function isGlobalProfile(modelId: string): boolean {
  return parseModelId(modelId)?.global ?? false;
}

function bestRow(modelId: string): { row: PriceRow; global: boolean } | undefined {
  const parsed = parseModelId(modelId);
  if (!parsed) return undefined;
  let best: PriceRow | undefined;
  for (const row of PRICE_TABLE) {
    if (parsed.base.startsWith(row.prefix) && (!best || row.prefix.length > best.prefix.length)) best = row;
  }
  return best ? { row: best, global: parsed.global } : undefined;
}

function lookup(modelId: string): ModelPrice | undefined {
  const found = bestRow(modelId);
  if (!found) return undefined;
  const { row: best, global } = found;
  const factor = best.regional && !global ? best.regional : 1;
  const price: ModelPrice = { input: round6(best.input * factor), output: round6(best.output * factor) };
  if (best.cacheRead !== undefined) price.cacheRead = round6(best.cacheRead * factor);
  if (best.cacheWrite !== undefined) price.cacheWrite = round6(best.cacheWrite * factor);
  return price;
}

/** The built-in table's price of a model id (any region prefix or model ARN); `hint` (a model id) prices what the id cannot, e.g. an application-profile ARN. */
export function priceFor(modelId: string, hint?: string): ModelPrice | undefined {
  return lookup(modelId) ?? (hint ? lookup(hint) : undefined);
}

/** A price with its source and date (PriceView's shape). */
export type SourcedPrice = PriceView;

/** Prices model ids (any profile prefix or ARN); undefined when nothing prices one. */
export interface Pricer {
  price(modelId: string): SourcedPrice | undefined;
}

/** The built-in table as a Pricer. */
export const builtInPricer: Pricer = {
  price(modelId) {
    const p = lookup(modelId);
    return p ? { ...p, source: 'built-in' satisfies PriceSource, asOf: bestRow(modelId)?.row.asOf ?? BUILT_IN_PRICES_AS_OF } : undefined;
  },
};

const roundUsd = (x: number): number => Math.round(x * 1e10) / 1e10;

function entryPrice(entry: RequestLogEntry, hint: string | undefined, pricer: Pricer): ModelPrice | undefined {
  const id = entry.bedrockModel ?? entry.model;
  const own = id ? pricer.price(id) : undefined;
  return own ?? (hint ? pricer.price(hint) : undefined);
}

/** Estimated USD cost of a logged request from its token counts (prices from `pricer`, the built-in table by default); undefined when its model has no price. */
export function costOf(entry: RequestLogEntry, hint?: string, pricer: Pricer = builtInPricer): number | undefined {
  const price = entryPrice(entry, hint, pricer);
  if (!price) return undefined;
  const cost =
    (entry.inputTokens ?? 0) * price.input +
    (entry.outputTokens ?? 0) * price.output +
    (entry.cacheReadTokens ?? 0) * (price.cacheRead ?? price.input) +
    (entry.cacheWriteTokens ?? 0) * (price.cacheWrite ?? price.input);
  return roundUsd(cost / 1e6);
}

/** USD the request's cache reads saved compared with paying full input price for them; undefined when its model has no price. */
export function cacheSavings(entry: RequestLogEntry, hint?: string, pricer: Pricer = builtInPricer): number | undefined {
  const price = entryPrice(entry, hint, pricer);
  if (!price) return undefined;
  const reads = entry.cacheReadTokens ?? 0;
  return roundUsd((reads * (price.input - (price.cacheRead ?? price.input))) / 1e6);
}
