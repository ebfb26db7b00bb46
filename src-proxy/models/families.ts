// What each model family on Bedrock can do, as data. Capabilities are looked up by family
// pattern, so a model id the catalogue has not seen yet (a new Claude point release) still gets
// the quirks of its family. The first family whose pattern matches wins.

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
  /** Writes reasoning into the text inside <think> or <reasoning> tags (split out into reasoning_content). */
  reasoningTags?: boolean;
  /** Accepts cachePoint blocks (prompt caching). */
  caching: boolean;
  /** Accepts a conversation that ends with an assistant message (prefill). */
  prefill: boolean;
  /** Rejects temperature and top_p in the same request (Claude 4.5 and later). */
  temperatureOrTopP: boolean;
  maxTemperature: number;
  maxOutputTokens: number;
  /** Geographies with system-defined inference profiles; on-demand ids need the prefix there. */
  profileGeos: Geo[];
  /** Embedding request body format, for embedding models. */
  embedding?: 'titan-v2' | 'cohere-v3' | 'cohere-v4' | 'nova-mm';
}

export type Geo = 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'ca' | 'us-gov' | 'global';

interface FamilyRule extends Capabilities {
  pattern: RegExp;
}

const CLAUDE_BASE = { tools: true, images: true, documents: true, prefill: true, maxTemperature: 1, temperatureOrTopP: false } as const;
const NO_PROFILE: Geo[] = [];

const FAMILIES: FamilyRule[] = [
  // Claude 4.5 and later (4-5 … 4-10 …, 5, 6 … 10 …): thinking, caching, and temperature XOR top_p.
  // A minor or major version is one or two digits not followed by another: a date (4-20250514) is not one.
  { pattern: /anthropic\.claude-(opus|sonnet|haiku)-(4-(?:[5-9]|[1-9]\d)|(?:[5-9]|[1-9]\d))(?!\d)/, family: 'claude-4.5+', ...CLAUDE_BASE, temperatureOrTopP: true, reasoning: 'anthropic', caching: true, maxOutputTokens: 64000, profileGeos: ['us', 'eu', 'apac', 'jp', 'au', 'global'] },
  { pattern: /anthropic\.claude-opus-4/, family: 'claude-opus-4', ...CLAUDE_BASE, reasoning: 'anthropic', caching: true, maxOutputTokens: 32000, profileGeos: ['us'] },
  { pattern: /anthropic\.claude-sonnet-4/, family: 'claude-sonnet-4', ...CLAUDE_BASE, reasoning: 'anthropic', caching: true, maxOutputTokens: 64000, profileGeos: ['us', 'eu', 'apac', 'global'] },
  { pattern: /anthropic\.claude-3-7-sonnet/, family: 'claude-3.7', ...CLAUDE_BASE, reasoning: 'anthropic', caching: true, maxOutputTokens: 64000, profileGeos: ['us', 'eu', 'apac'] },
  { pattern: /anthropic\.claude-3-5-haiku/, family: 'claude-3.5-haiku', ...CLAUDE_BASE, images: false, caching: true, maxOutputTokens: 8192, profileGeos: ['us'] },
  { pattern: /anthropic\.claude-3-5-sonnet/, family: 'claude-3.5-sonnet', ...CLAUDE_BASE, caching: false, maxOutputTokens: 8192, profileGeos: ['us', 'eu', 'apac'] },
  { pattern: /anthropic\.claude/, family: 'claude-3', ...CLAUDE_BASE, caching: false, maxOutputTokens: 4096, profileGeos: ['us', 'eu', 'apac'] },
  { pattern: /amazon\.nova-2-multimodal-embeddings/, family: 'nova-embeddings', tools: false, images: false, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 0, profileGeos: NO_PROFILE, embedding: 'nova-mm' },
  { pattern: /amazon\.nova-2/, family: 'nova-2', tools: true, images: true, documents: true, reasoning: 'nova', caching: true, prefill: true, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 65000, profileGeos: ['us', 'eu', 'apac', 'global'] },
  { pattern: /amazon\.nova-micro/, family: 'nova-micro', tools: true, images: false, documents: false, caching: true, prefill: true, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 10000, profileGeos: ['us', 'eu', 'apac'] },
  { pattern: /amazon\.nova-premier/, family: 'nova-premier', tools: true, images: true, documents: true, caching: true, prefill: true, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 32000, profileGeos: ['us'] },
  { pattern: /amazon\.nova/, family: 'nova', tools: true, images: true, documents: true, caching: true, prefill: true, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 10000, profileGeos: ['us', 'eu', 'apac'] },
  { pattern: /amazon\.titan-embed/, family: 'titan-embeddings', tools: false, images: false, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 0, profileGeos: NO_PROFILE, embedding: 'titan-v2' },
  { pattern: /cohere\.embed-v4/, family: 'cohere-embed-v4', tools: false, images: false, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 0, profileGeos: NO_PROFILE, embedding: 'cohere-v4' },
  { pattern: /cohere\.embed/, family: 'cohere-embed-v3', tools: false, images: false, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 0, profileGeos: NO_PROFILE, embedding: 'cohere-v3' },
  { pattern: /meta\.llama4/, family: 'llama-4', tools: true, images: true, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 8192, profileGeos: ['us'] },
  { pattern: /meta\.llama3-2-(11|90)b/, family: 'llama-3.2-vision', tools: true, images: true, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 2048, profileGeos: ['us'] },
  { pattern: /meta\.llama/, family: 'llama-3', tools: true, images: false, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 8192, profileGeos: ['us'] },
  { pattern: /deepseek\.r1/, family: 'deepseek-r1', reasoningTags: true, tools: false, images: false, documents: false, reasoning: 'always', caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 32768, profileGeos: ['us'] },
  { pattern: /deepseek\./, family: 'deepseek-v3', tools: true, images: false, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 32768, profileGeos: NO_PROFILE },
  { pattern: /mistral\.pixtral/, family: 'pixtral', tools: true, images: true, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 8192, profileGeos: ['us', 'eu'] },
  { pattern: /mistral\./, family: 'mistral', tools: true, images: false, documents: true, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 8192, profileGeos: NO_PROFILE },
  { pattern: /openai\.gpt-oss/, family: 'gpt-oss', reasoningTags: true, tools: true, images: false, documents: false, reasoning: 'openai', caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 2, maxOutputTokens: 32768, profileGeos: NO_PROFILE },
  { pattern: /qwen\./, family: 'qwen', reasoningTags: true, tools: true, images: false, documents: false, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 32768, profileGeos: NO_PROFILE },
  { pattern: /writer\.|ai21\.|cohere\.command/, family: 'other-chat', tools: true, images: false, documents: true, caching: false, prefill: false, temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 4096, profileGeos: NO_PROFILE },
];

/** Capabilities for a model we know nothing about: let Bedrock be the judge of every feature. */
export const UNKNOWN_FAMILY: Capabilities = {
  family: 'unknown', tools: true, images: true, documents: true, caching: false, prefill: false,
  temperatureOrTopP: false, maxTemperature: 1, maxOutputTokens: 8192, profileGeos: NO_PROFILE,
};

/** Capabilities of the family a Bedrock model id (bare, prefixed or in an ARN) belongs to. */
export function capabilitiesFor(modelId: string): Capabilities {
  const rule = FAMILIES.find((f) => f.pattern.test(modelId));
  if (!rule) return UNKNOWN_FAMILY;
  const { pattern: _pattern, ...caps } = rule;
  return caps;
}
