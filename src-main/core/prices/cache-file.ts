import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { OFFER_CODES } from './offer';

// The AWS price list as Outcrop keeps it: one small JSON file per region in the Outcrop home
// (prices/aws-<region>.json, 0600, written atomically), holding the prices read from each offer
// file by the list's own model names (mapping names to ids happens on load, against the account's
// listing of the day), when they were downloaded, the offers' publication dates and versions, and
// the last failed download (so a failure is not retried on every start).

export const PRICES_DIR = 'prices';
export const CACHE_FORMAT = 1;

const price = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheRead: z.number().min(0).optional(),
  cacheWrite: z.number().min(0).optional(),
});

const listedModel = z.object({ name: z.string().min(1), regional: price.optional(), global: price.optional() });

const offerEntry = z.object({
  publicationDate: z.string(),
  version: z.string().optional(),
  models: z.array(listedModel),
});

export const priceCacheSchema = z.object({
  format: z.literal(CACHE_FORMAT),
  region: z.string().min(1),
  /** The base URL the offers came from. */
  url: z.string(),
  /** When the offers were last downloaded (ISO); absent when no download ever succeeded. */
  fetchedAt: z.string().optional(),
  offers: z.partialRecord(z.enum(OFFER_CODES), offerEntry).default({}),
  lastFailure: z.object({ at: z.string(), error: z.string() }).optional(),
});

export type PriceCache = z.infer<typeof priceCacheSchema>;

/** The cache file of a region. */
export function cacheFile(home: string, region: string): string {
  return join(home, PRICES_DIR, `aws-${region.replace(/[^a-z0-9-]/gi, '_')}.json`);
}

/** Reads a region's cache; undefined when there is none, throws (with why) when it cannot be used. */
export async function readPriceCache(file: string): Promise<PriceCache | undefined> {
  let textValue: string;
  try {
    textValue = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = priceCacheSchema.safeParse(JSON.parse(textValue));
  if (!parsed.success) throw new Error(`${file} is not a price cache Outcrop can read (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  return parsed.data;
}

/** Writes a region's cache atomically (temporary file, then rename), readable by the user only. */
export async function writePriceCache(file: string, cache: PriceCache): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(cache, null, 1)}\n`, { mode: 0o600 });
  await rename(temp, file);
}
