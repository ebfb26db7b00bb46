// What each model family on Bedrock can do, as data keyed by family and version range. A model id
// is parsed into provider, family and version (claude-opus-4-8 -> Claude opus 4.8, nova-2-lite ->
// Nova 2 lite, llama3-3-70b -> Llama 3.3), and each provider's ranges are read newest first: the
// first range whose lower bound the version reaches wins, so a release newer than this table (a
// Claude 4.9 or 6, a Nova 3) inherits the newest known behaviour rather than falling to "unknown".
//
// Sources (read 2026-12-06):
// - Claude: AWS model cards https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-opus-4-6.html
//   and …-opus-4-7.html (128K output; 4.7: thinking.type "adaptive" only, budget_tokens is a 400),
//   Anthropic "Claude on Amazon Bedrock" model table (profile geographies per model), Anthropic's
//   Opus 4.7 migration notes (temperature/top_p/top_k refused from 4.7 on, every tier after it).
// - Nova 2: https://docs.aws.amazon.com/nova/latest/nova2-userguide/ (extended thinking, 1M context, 64K/65K output).
// - Others: the providers' model cards under https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards.html

/** How a model exposes extended reasoning on Bedrock Converse. */
export type ReasoningFormat =
  | 'anthropic' // additionalModelRequestFields.thinking {type:'enabled', budget_tokens}; signed reasoning blocks
  | 'openai' // gpt-oss: additionalModelRequestFields.reasoning_effort
  | 'nova' // Nova 2: additionalModelRequestFields.reasoningConfig
  | 'always'; // always reasons, returns reasoningContent (DeepSeek R1)

export interface Capabilities {
  family: string;
  tools: boolean;
  images: boolean;
  documents: boolean;
  reasoning?: ReasoningFormat;
  /**
   * Claude thinking modes: 'supported' takes {type:'adaptive'} as well as budget_tokens (4.6);
   * 'only' refuses budget_tokens with a 400 — thinking must be {type:'adaptive'} (4.7 and later).
   */
  adaptiveThinking?: 'supported' | 'only';
  /** Writes reasoning into the text inside <think> or <reasoning> tags (split out into reasoning_content). */
  reasoningTags?: boolean;
  /** Accepts cachePoint blocks (prompt caching). */
  caching: boolean;
  /** Accepts a conversation that ends with an assistant message (prefill). */
  prefill: boolean;
  /** Rejects temperature and top_p in the same request (Claude 4.5 and later). */
  temperatureOrTopP: boolean;
  /** False when the model refuses temperature, top_p and top_k altogether (Claude 4.7 and later). */
  samplingParams?: false;
  maxTemperature: number;
  maxOutputTokens: number;
  /** Geographies with system-defined inference profiles; on-demand ids need the prefix there. */
  profileGeos: Geo[];
  /** Embedding request body format, for embedding models. */
  embedding?: 'titan-v2' | 'cohere-v3' | 'cohere-v4' | 'nova-mm';
}

export type Geo = 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'ca' | 'us-gov' | 'global';

/** Capabilities for a model we know nothing about: let Bedrock be the judge of every feature. */
export const UNKNOWN_FAMILY: Capabilities = {
  family: 'unknown', tools: true, images: true, documents: true, caching: false, prefill: false,
  temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 8192, profileGeos: [],
};

/** A family's parsed version: 4.8 is [4, 8]; a missing minor is 0. */
type Version = [number, number];

interface Range {
  /** Lowest version this range covers (inclusive); ranges are listed newest first. */
  from: Version;
  /** Only these variants (Claude tier, Nova size, …); any variant when absent. */
  variants?: string[];
  caps: Capabilities;
}

interface Parsed {
  version: Version;
  variant: string;
}

interface Provider {
  /** The family and version an id names, or undefined when this provider's parser does not know the id. */
  parse(base: string): Parsed | undefined;
  ranges: Range[];
}

const CHAT: Omit<Capabilities, 'family' | 'maxOutputTokens'> = {
  tools: true, images: false, documents: false, caching: false, prefill: false,
  temperatureOrTopP: false, maxTemperature: 1, profileGeos: [],
};
const EMBEDDING: Omit<Capabilities, 'family' | 'embedding'> = {
  tools: false, images: false, documents: false, caching: false, prefill: false,
  temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 0, profileGeos: [],
};
const CLAUDE = { ...CHAT, images: true, documents: true, prefill: true, caching: true } as const;
const EVERY_GEO: Geo[] = ['us', 'eu', 'apac', 'jp', 'au', 'global'];

const v = (major: number, minor = 0): Version => [major, minor];
const atLeast = (a: Version, b: Version): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
const num = (s: string | undefined): number => (s ? Number(s) : 0);

// Claude ids name the tier then the version (claude-sonnet-4-5-20250929-v1:0, claude-opus-4-6-v1,
// claude-sonnet-5), or before 4.0 the version then the tier (claude-3-7-sonnet-…). A minor version
// is one or two digits not followed by another digit: the date in claude-opus-4-20250514 is none.
const CLAUDE_NEW = /^anthropic\.claude-([a-z]+)-(\d{1,2})(?:-(\d{1,2}))?(?!\d)/;
const CLAUDE_OLD = /^anthropic\.claude-(\d)(?:-(\d))?-([a-z]+)/;

const claude: Provider = {
  parse(base) {
    const m = CLAUDE_NEW.exec(base);
    if (m) return { variant: m[1], version: v(num(m[2]), num(m[3])) };
    const old = CLAUDE_OLD.exec(base);
    if (old) return { variant: old[3], version: v(num(old[1]), num(old[2])) };
    return base.startsWith('anthropic.claude') ? { variant: 'legacy', version: v(2) } : undefined;
  },
  ranges: [
    // 4.7 on, every tier: adaptive thinking only, no sampling parameters, 128K out.
    { from: v(4, 7), caps: { ...CLAUDE, family: 'claude-4.5+', reasoning: 'anthropic', adaptiveThinking: 'only', temperatureOrTopP: true, samplingParams: false, maxOutputTokens: 128000, profileGeos: EVERY_GEO } },
    { from: v(4, 6), caps: { ...CLAUDE, family: 'claude-4.5+', reasoning: 'anthropic', adaptiveThinking: 'supported', temperatureOrTopP: true, maxOutputTokens: 128000, profileGeos: EVERY_GEO } },
    { from: v(4, 5), caps: { ...CLAUDE, family: 'claude-4.5+', reasoning: 'anthropic', temperatureOrTopP: true, maxOutputTokens: 64000, profileGeos: EVERY_GEO } },
    { from: v(4), variants: ['opus'], caps: { ...CLAUDE, family: 'claude-opus-4', reasoning: 'anthropic', maxOutputTokens: 32000, profileGeos: ['us'] } },
    { from: v(4), caps: { ...CLAUDE, family: 'claude-sonnet-4', reasoning: 'anthropic', maxOutputTokens: 64000, profileGeos: ['us', 'eu', 'apac', 'global'] } },
    { from: v(3, 7), caps: { ...CLAUDE, family: 'claude-3.7', reasoning: 'anthropic', maxOutputTokens: 64000, profileGeos: ['us', 'eu', 'apac'] } },
    { from: v(3, 5), variants: ['haiku'], caps: { ...CLAUDE, family: 'claude-3.5-haiku', images: false, maxOutputTokens: 8192, profileGeos: ['us'] } },
    { from: v(3, 5), caps: { ...CLAUDE, family: 'claude-3.5-sonnet', caching: false, maxOutputTokens: 8192, profileGeos: ['us', 'eu', 'apac'] } },
    { from: v(0), caps: { ...CLAUDE, family: 'claude-3', caching: false, maxOutputTokens: 4096, profileGeos: ['us', 'eu', 'apac'] } },
  ],
};

// amazon.nova-2-lite-v1:0 is Nova 2 lite; amazon.nova-pro-v1:0 (no generation) is Nova 1 pro.
const NOVA = /^amazon\.nova-(?:(\d+)-)?([a-z]+)/;
const NOVA_TEXT = ['micro', 'lite', 'pro', 'premier', 'omni'];

const nova: Provider = {
  parse(base) {
    if (/^amazon\.nova-(?:\d+-)?multimodal-embeddings/.test(base)) return { variant: 'embeddings', version: v(2) };
    const m = NOVA.exec(base);
    // Sonic (speech), Canvas and Reel (generation) do not converse in text.
    return m && NOVA_TEXT.includes(m[2]) ? { variant: m[2], version: v(num(m[1]) || 1) } : undefined;
  },
  ranges: [
    { from: v(0), variants: ['embeddings'], caps: { ...EMBEDDING, family: 'nova-embeddings', embedding: 'nova-mm' } },
    { from: v(2), caps: { ...CHAT, family: 'nova-2+', images: true, documents: true, reasoning: 'nova', caching: true, prefill: true, maxOutputTokens: 65000, profileGeos: ['us', 'eu', 'apac', 'jp', 'global'] } },
    { from: v(1), variants: ['micro'], caps: { ...CHAT, family: 'nova-micro', caching: true, prefill: true, maxOutputTokens: 10000, profileGeos: ['us', 'eu', 'apac'] } },
    { from: v(1), variants: ['premier'], caps: { ...CHAT, family: 'nova-premier', images: true, documents: true, caching: true, prefill: true, maxOutputTokens: 32000, profileGeos: ['us'] } },
    { from: v(1), caps: { ...CHAT, family: 'nova', images: true, documents: true, caching: true, prefill: true, maxOutputTokens: 10000, profileGeos: ['us', 'eu', 'apac'] } },
  ],
};

// meta.llama4-maverick-17b…, meta.llama3-3-70b…, meta.llama3-2-90b…: generation, point release, size.
const LLAMA = /^meta\.llama(\d+)(?:-(\d+))?-([a-z0-9]+)/;

const llama: Provider = {
  parse(base) {
    const m = LLAMA.exec(base);
    return m ? { variant: m[3], version: v(num(m[1]), num(m[2])) } : undefined;
  },
  ranges: [
    { from: v(4), caps: { ...CHAT, family: 'llama-4', images: true, maxOutputTokens: 8192, profileGeos: ['us'] } },
    { from: v(3, 2), variants: ['11b', '90b'], caps: { ...CHAT, family: 'llama-3.2-vision', images: true, maxOutputTokens: 2048, profileGeos: ['us'] } },
    { from: v(0), caps: { ...CHAT, family: 'llama-3', maxOutputTokens: 8192, profileGeos: ['us'] } },
  ],
};

// deepseek.r1-v1:0 reasons always; deepseek.v3-v1:0 (V3.1) and deepseek.v3.2 are V3.x chat models.
const deepseek: Provider = {
  parse(base) {
    const m = /^deepseek\.(r|v)(\d+)(?:\.(\d+))?/.exec(base);
    return m ? { variant: m[1], version: v(num(m[2]), num(m[3])) } : undefined;
  },
  ranges: [
    { from: v(0), variants: ['r'], caps: { ...CHAT, family: 'deepseek-r1', tools: false, reasoning: 'always', reasoningTags: true, maxOutputTokens: 32768, profileGeos: ['us'] } },
    { from: v(3), caps: { ...CHAT, family: 'deepseek-v3', maxOutputTokens: 32768 } },
  ],
};

// mistral.<line>[-<generation>]…: pixtral-large-2502, mistral-large-3-675b-instruct, ministral-3-8b-instruct,
// magistral-small-2509, devstral-2-123b. A four-digit date (2407) is no generation.
const mistral: Provider = {
  parse(base) {
    const m = /^mistral\.((?:mistral-)?[a-z]+)(?:-(\d{1,2})(?!\d))?/.exec(base);
    return m ? { variant: m[1], version: v(num(m[2])) } : undefined;
  },
  ranges: [
    { from: v(0), variants: ['pixtral'], caps: { ...CHAT, family: 'pixtral', images: true, maxOutputTokens: 8192, profileGeos: ['us', 'eu'] } },
    // Mistral Large 3 and Ministral 3 read images (their Bedrock model cards list image input).
    { from: v(3), variants: ['mistral-large', 'ministral'], caps: { ...CHAT, family: 'mistral-3', images: true, documents: true, maxOutputTokens: 32768 } },
    { from: v(0), variants: ['magistral'], caps: { ...CHAT, family: 'magistral', reasoningTags: true, documents: true, maxOutputTokens: 32768 } },
    { from: v(0), caps: { ...CHAT, family: 'mistral', documents: true, maxOutputTokens: 8192 } },
  ],
};

const single = (pattern: RegExp, caps: Capabilities): Provider => ({
  parse: (base) => (pattern.test(base) ? { variant: '', version: v(0) } : undefined),
  ranges: [{ from: v(0), caps }],
});

// qwen.qwen3-coder-480b-a35b-v1:0, qwen.qwen3-coder-next, qwen.qwen3-vl-235b-a22b, qwen.qwen3-32b-v1:0.
const qwen: Provider = {
  parse(base) {
    const m = /^qwen\.qwen(\d+)(?:\.(\d+))?-(coder|vl|next)?/.exec(base);
    return m ? { variant: m[3] ?? '', version: v(num(m[1]), num(m[2])) } : undefined;
  },
  ranges: [
    { from: v(3), variants: ['coder'], caps: { ...CHAT, family: 'qwen3-coder', reasoningTags: true, maxOutputTokens: 32768 } },
    { from: v(3), variants: ['vl'], caps: { ...CHAT, family: 'qwen3-vl', images: true, reasoningTags: true, maxOutputTokens: 32768 } },
    { from: v(0), caps: { ...CHAT, family: 'qwen', reasoningTags: true, maxOutputTokens: 32768 } },
  ],
};

// moonshot.kimi-k2-thinking (reasons always), moonshotai.kimi-k2.5 (reads images), moonshotai.kimi-k3.
const kimi: Provider = {
  parse(base) {
    const m = /^moonshot(?:ai)?\.kimi-k(\d+)(?:\.(\d+))?(-thinking)?/.exec(base);
    return m ? { variant: m[3] ? 'thinking' : '', version: v(num(m[1]), num(m[2])) } : undefined;
  },
  ranges: [
    { from: v(0), variants: ['thinking'], caps: { ...CHAT, family: 'kimi', reasoning: 'always', maxOutputTokens: 32768 } },
    { from: v(2, 5), caps: { ...CHAT, family: 'kimi', images: true, reasoningTags: true, maxOutputTokens: 32768 } },
    { from: v(0), caps: { ...CHAT, family: 'kimi', reasoningTags: true, maxOutputTokens: 32768 } },
  ],
};

const PROVIDERS: Record<string, Provider[]> = {
  anthropic: [claude],
  amazon: [
    nova,
    single(/^amazon\.titan-embed/, { ...EMBEDDING, family: 'titan-embeddings', embedding: 'titan-v2' }),
  ],
  meta: [llama],
  deepseek: [deepseek],
  mistral: [mistral],
  cohere: [
    single(/^cohere\.embed-v4/, { ...EMBEDDING, family: 'cohere-embed-v4', embedding: 'cohere-v4' }),
    single(/^cohere\.embed/, { ...EMBEDDING, family: 'cohere-embed-v3', embedding: 'cohere-v3' }),
    single(/^cohere\.command/, { ...CHAT, family: 'other-chat', documents: true, maxOutputTokens: 4096 }),
  ],
  openai: [single(/^openai\.gpt-oss/, { ...CHAT, family: 'gpt-oss', reasoning: 'openai', reasoningTags: true, maxTemperature: 2, maxOutputTokens: 32768 })],
  qwen: [qwen],
  google: [single(/^google\.gemma-3/, { ...CHAT, family: 'gemma-3', images: true, maxOutputTokens: 8192 })],
  moonshot: [kimi],
  moonshotai: [kimi],
  minimax: [single(/^minimax\.minimax-m/, { ...CHAT, family: 'minimax', reasoningTags: true, maxOutputTokens: 32768 })],
  nvidia: [single(/^nvidia\.nemotron/, { ...CHAT, family: 'nemotron', reasoningTags: true, maxOutputTokens: 8192 })],
  zai: [single(/^zai\.glm/, { ...CHAT, family: 'glm', reasoningTags: true, maxOutputTokens: 32768 })],
  writer: [single(/^writer\./, { ...CHAT, family: 'other-chat', documents: true, maxOutputTokens: 4096 })],
  ai21: [single(/^ai21\./, { ...CHAT, family: 'other-chat', documents: true, maxOutputTokens: 4096 })],
};

const GEO_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;

/** The base model id inside a bare, geography-prefixed or ARN id; undefined for an application profile ARN. */
function baseIdOf(modelId: string): string | undefined {
  let id = modelId.trim();
  if (id.startsWith('arn:')) {
    const m = /:(foundation-model|inference-profile)\/(.+)$/.exec(id);
    if (!m) return undefined;
    id = m[2];
  }
  return id.replace(GEO_PREFIX, '');
}

/** Capabilities of the family a Bedrock model id (bare, prefixed or in an ARN) belongs to. */
export function capabilitiesFor(modelId: string): Capabilities {
  const base = baseIdOf(modelId);
  if (!base) return UNKNOWN_FAMILY;
  for (const provider of PROVIDERS[base.slice(0, base.indexOf('.'))] ?? []) {
    const parsed = provider.parse(base);
    if (!parsed) continue;
    const range = provider.ranges.find((r) => atLeast(parsed.version, r.from) && (!r.variants || r.variants.includes(parsed.variant)));
    if (range) return { ...range.caps, profileGeos: [...range.caps.profileGeos] };
  }
  return UNKNOWN_FAMILY;
}
