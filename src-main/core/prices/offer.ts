import type { ModelPrice } from '../request-log/prices';

// One AWS Price List offer file (the Bulk API's JSON: products by SKU, terms.OnDemand by SKU)
// read into on-demand token prices per model *name* as the list spells it. Which Bedrock model
// id a name is belongs to match.ts.
//
// File shape: https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html
// Bedrock publishes two offers, named differently inside:
// - AmazonBedrock (Amazon's models, Llama, Mistral, DeepSeek, Qwen, gpt-oss, older Claude): the
//   name is attributes.model ("Nova Lite"), the meter attributes.inferenceType ("Input tokens",
//   "Prompt cache read input tokens") and usagetype ("USE1-NovaLite-input-tokens",
//   "…-cross-region-global", "…-batch"), prices mostly per "1K tokens".
// - AmazonBedrockFoundationModels (Anthropic and other Marketplace models): the name is
//   attributes.servicename ("Claude Sonnet 4.5 (Amazon Bedrock Edition)"), the meter only the
//   usagetype ("USE1-MP:USE1_InputTokenCount-Units", "…_InputTokenCount_Global-Units",
//   "…_CacheReadInputTokenCount-Units", and the newer "…_input_tokens_global_standard-Units"),
//   prices per "1M tokens".
// Only standard on-demand text-token prices are read; batch, flex, priority, latency-optimised,
// provisioned, custom-model, long-context, 1-hour cache writes and image/audio/video meters are
// other products and skipped. A unit without a known scale is skipped, never assumed: a wrong
// scale is a 1000x error, and a missing price at least shows as "no price".

export const OFFER_CODES = ['AmazonBedrockFoundationModels', 'AmazonBedrock'] as const;
export type OfferCode = (typeof OFFER_CODES)[number];

/** A model's prices as one offer file lists them: `regional` for in-region and geography profiles, `global` for global. profiles. */
export interface ListedModel {
  /** The name as the list spells it, without " (Amazon Bedrock Edition)". */
  name: string;
  regional?: ModelPrice;
  global?: ModelPrice;
}

export interface ParsedOffer {
  offerCode: OfferCode;
  publicationDate: string;
  version?: string;
  models: ListedModel[];
  /** Rows that looked like standard token prices but were not used (unknown unit, implausible or conflicting price). */
  skipped: number;
}

/** The file is not an offer file Outcrop can read; nothing of it is used. */
export class OfferFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfferFormatError';
  }
}

type Kind = 'input' | 'output' | 'cacheRead' | 'cacheWrite';
type Scope = 'regional' | 'global';

// Products that are not standard on-demand inference of the base model (matched on usagetype
// and inferenceType, lower-cased).
const OTHER_PRODUCT = /batch|flex|priority|latency|provisioned|reserved|custom|training|evaluation|distillation|mantle|long[-_ ]?c(on)?te?xt|long_ctx|lctx|write_?1h|_1h_|-1h-|image|audio|video|speech|document|search|rerank/;
// A per-1M price above this is a unit misread, not a price.
const MAX_PER_MILLION = 1000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Reads an offer file (already JSON-parsed); throws OfferFormatError when it is not one. */
export function parseOffer(raw: unknown, expected: OfferCode): ParsedOffer {
  if (!isRecord(raw)) throw new OfferFormatError('the file is not a JSON object');
  const offerCode = text(raw.offerCode);
  if (offerCode && offerCode !== expected) throw new OfferFormatError(`the file is offer ${offerCode.slice(0, 60)}, not ${expected}`);
  const publicationDate = text(raw.publicationDate);
  if (!publicationDate || Number.isNaN(Date.parse(publicationDate))) throw new OfferFormatError('the file has no valid publicationDate');
  if (!isRecord(raw.products)) throw new OfferFormatError('the file has no products object');
  if (!isRecord(raw.terms) || !isRecord(raw.terms.OnDemand)) throw new OfferFormatError('the file has no terms.OnDemand object');
  const onDemand = raw.terms.OnDemand;

  const prices = new Map<string, Record<Scope, Partial<Record<Kind, number>>>>();
  const conflicts = new Set<string>();
  let skipped = 0;
  for (const [sku, product] of Object.entries(raw.products)) {
    if (!isRecord(product) || !isRecord(product.attributes)) continue;
    const attrs = product.attributes;
    const name = cleanName(expected === 'AmazonBedrock' ? text(attrs.model) || text(attrs.servicename) : text(attrs.servicename) || text(attrs.model));
    if (!name) continue;
    const meter = meterOf(attrs);
    if (!meter) continue;
    const usd = priceOf(onDemand[sku]);
    if (usd === undefined) {
      skipped += 1;
      continue;
    }
    const slot = prices.get(name) ?? { regional: {}, global: {} };
    prices.set(name, slot);
    const have = slot[meter.scope][meter.kind];
    if (have !== undefined && Math.abs(have - usd) > 1e-9) conflicts.add(`${name}\u0000${meter.scope}`);
    slot[meter.scope][meter.kind] = usd;
  }

  const models: ListedModel[] = [];
  for (const [name, slot] of prices) {
    const model: ListedModel = { name };
    for (const scope of ['regional', 'global'] as const) {
      // Two different standard prices for one meter: which applies cannot be told, so neither does.
      if (conflicts.has(`${name}\u0000${scope}`)) {
        skipped += 1;
        continue;
      }
      const price = complete(slot[scope], name);
      if (price) model[scope] = price;
    }
    if (model.regional || model.global) models.push(model);
  }
  models.sort((a, b) => a.name.localeCompare(b.name));
  return { offerCode: expected, publicationDate, ...(text(raw.version) ? { version: text(raw.version) } : {}), models, skipped };
}

function cleanName(name: string): string {
  return name.replace(/\s*\(?amazon bedrock( edition)?\)?\s*$/i, '').replace(/\s+/g, ' ').trim();
}

/** Which standard on-demand token meter a product is, or undefined for anything else. */
function meterOf(attrs: Record<string, unknown>): { kind: Kind; scope: Scope } | undefined {
  // The MP: prefix of Marketplace usagetypes names the billing region again ("USE1-MP:USE1_…").
  const usage = text(attrs.usagetype).toLowerCase();
  const inference = text(attrs.inferenceType).toLowerCase();
  const feature = text(attrs.feature).toLowerCase();
  const tier = text(attrs.service_tier).toLowerCase();
  if (!usage && !inference) return undefined;
  if (feature && !/on-?demand/.test(feature)) return undefined;
  if (tier && tier !== 'standard') return undefined;
  if (OTHER_PRODUCT.test(usage) || OTHER_PRODUCT.test(inference)) return undefined;
  const blob = `${inference} ${usage}`;
  if (!/token/.test(blob)) return undefined;
  const scope: Scope = /global|cross-?region/.test(usage) ? 'global' : 'regional';
  if (/cache.?read/.test(blob)) return { kind: 'cacheRead', scope };
  if (/cache.?write/.test(blob)) return { kind: 'cacheWrite', scope };
  if (/cache/.test(blob)) return undefined;
  if (/output|response/.test(blob)) return { kind: 'output', scope };
  if (/input/.test(blob)) return { kind: 'input', scope };
  return undefined;
}

/** The USD price per 1M tokens of a SKU's on-demand terms; undefined when absent, tiered, of an unknown unit or implausible. */
function priceOf(terms: unknown): number | undefined {
  if (!isRecord(terms)) return undefined;
  const found = new Set<number>();
  for (const term of Object.values(terms)) {
    if (!isRecord(term) || !isRecord(term.priceDimensions)) continue;
    for (const dim of Object.values(term.priceDimensions)) {
      if (!isRecord(dim) || !isRecord(dim.pricePerUnit)) continue;
      const raw = text(dim.pricePerUnit.USD);
      if (!/^\d+(\.\d+)?$/.test(raw)) return undefined;
      const scale = perMillion(text(dim.unit));
      if (scale === undefined) return undefined;
      found.add(Math.round(Number(raw) * scale * 1e9) / 1e9);
    }
  }
  // Several prices for one SKU are ranges (tiers) Outcrop does not model.
  if (found.size !== 1) return undefined;
  const [usd] = found;
  return usd <= MAX_PER_MILLION ? usd : undefined;
}

/** The factor from a price per `unit` to a price per 1M tokens; undefined for a unit without a known scale. */
export function perMillion(unit: string): number | undefined {
  const u = unit.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^(1k|1,?000|one thousand|thousand) tokens?$/.test(u)) return 1000;
  if (/^(1m|1,?000,?000|one million|million) tokens?$/.test(u)) return 1;
  if (/^tokens?$/.test(u)) return 1_000_000;
  return undefined;
}

function complete(p: Partial<Record<Kind, number>>, name: string): ModelPrice | undefined {
  if (p.input === undefined) return undefined;
  // Embedding models bill input only; any other model without an output price is incomplete.
  const output = p.output ?? (/embed/i.test(name) ? 0 : undefined);
  if (output === undefined) return undefined;
  return { input: p.input, output, ...(p.cacheRead !== undefined ? { cacheRead: p.cacheRead } : {}), ...(p.cacheWrite !== undefined ? { cacheWrite: p.cacheWrite } : {}) };
}
