// The models Outcrop knows by name: their base Bedrock ids, built-in aliases and the
// OpenRouter-style ids some tools send. Capabilities come from families.ts.

export interface CatalogModel {
  /** Base Bedrock model id, without a region prefix. */
  id: string;
  name: string;
  provider: string;
  aliases: string[];
  /** OpenRouter-style id (provider/name) some tools default to. */
  openrouter?: string;
  kind: 'chat' | 'embedding';
}

export const CATALOG: CatalogModel[] = [
  { id: 'anthropic.claude-opus-4-5-20251101-v1:0', name: 'Claude Opus 4.5', provider: 'Anthropic', aliases: ['claude-opus', 'claude-opus-4.5', 'claude-opus-4-5'], openrouter: 'anthropic/claude-opus-4.5', kind: 'chat' },
  { id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', name: 'Claude Sonnet 4.5', provider: 'Anthropic', aliases: ['claude-sonnet', 'claude-sonnet-4.5', 'claude-sonnet-4-5'], openrouter: 'anthropic/claude-sonnet-4.5', kind: 'chat' },
  { id: 'anthropic.claude-haiku-4-5-20251001-v1:0', name: 'Claude Haiku 4.5', provider: 'Anthropic', aliases: ['claude-haiku', 'claude-haiku-4.5', 'claude-haiku-4-5'], openrouter: 'anthropic/claude-haiku-4.5', kind: 'chat' },
  { id: 'anthropic.claude-opus-4-1-20250805-v1:0', name: 'Claude Opus 4.1', provider: 'Anthropic', aliases: ['claude-opus-4.1', 'claude-opus-4-1'], openrouter: 'anthropic/claude-opus-4.1', kind: 'chat' },
  { id: 'anthropic.claude-opus-4-20250514-v1:0', name: 'Claude Opus 4', provider: 'Anthropic', aliases: ['claude-opus-4'], openrouter: 'anthropic/claude-opus-4', kind: 'chat' },
  { id: 'anthropic.claude-sonnet-4-20250514-v1:0', name: 'Claude Sonnet 4', provider: 'Anthropic', aliases: ['claude-sonnet-4'], openrouter: 'anthropic/claude-sonnet-4', kind: 'chat' },
  { id: 'anthropic.claude-3-7-sonnet-20250219-v1:0', name: 'Claude 3.7 Sonnet', provider: 'Anthropic', aliases: ['claude-3.7-sonnet', 'claude-3-7-sonnet'], openrouter: 'anthropic/claude-3.7-sonnet', kind: 'chat' },
  { id: 'anthropic.claude-3-5-sonnet-20241022-v2:0', name: 'Claude 3.5 Sonnet v2', provider: 'Anthropic', aliases: ['claude-3.5-sonnet', 'claude-3-5-sonnet'], openrouter: 'anthropic/claude-3.5-sonnet', kind: 'chat' },
  { id: 'anthropic.claude-3-5-haiku-20241022-v1:0', name: 'Claude 3.5 Haiku', provider: 'Anthropic', aliases: ['claude-3.5-haiku', 'claude-3-5-haiku'], openrouter: 'anthropic/claude-3.5-haiku', kind: 'chat' },
  { id: 'amazon.nova-premier-v1:0', name: 'Nova Premier', provider: 'Amazon', aliases: ['nova-premier'], openrouter: 'amazon/nova-premier-v1', kind: 'chat' },
  { id: 'amazon.nova-pro-v1:0', name: 'Nova Pro', provider: 'Amazon', aliases: ['nova-pro'], openrouter: 'amazon/nova-pro-v1', kind: 'chat' },
  { id: 'amazon.nova-lite-v1:0', name: 'Nova Lite', provider: 'Amazon', aliases: ['nova-lite'], openrouter: 'amazon/nova-lite-v1', kind: 'chat' },
  { id: 'amazon.nova-micro-v1:0', name: 'Nova Micro', provider: 'Amazon', aliases: ['nova-micro'], openrouter: 'amazon/nova-micro-v1', kind: 'chat' },
  { id: 'amazon.nova-2-lite-v1:0', name: 'Nova 2 Lite', provider: 'Amazon', aliases: ['nova-2-lite'], openrouter: 'amazon/nova-2-lite-v1', kind: 'chat' },
  { id: 'meta.llama4-maverick-17b-instruct-v1:0', name: 'Llama 4 Maverick 17B', provider: 'Meta', aliases: ['llama-4-maverick'], openrouter: 'meta-llama/llama-4-maverick', kind: 'chat' },
  { id: 'meta.llama4-scout-17b-instruct-v1:0', name: 'Llama 4 Scout 17B', provider: 'Meta', aliases: ['llama-4-scout'], openrouter: 'meta-llama/llama-4-scout', kind: 'chat' },
  { id: 'meta.llama3-3-70b-instruct-v1:0', name: 'Llama 3.3 70B', provider: 'Meta', aliases: ['llama-3.3-70b', 'llama-3-3-70b'], openrouter: 'meta-llama/llama-3.3-70b-instruct', kind: 'chat' },
  { id: 'mistral.mistral-large-2407-v1:0', name: 'Mistral Large (24.07)', provider: 'Mistral AI', aliases: ['mistral-large'], openrouter: 'mistralai/mistral-large', kind: 'chat' },
  { id: 'mistral.pixtral-large-2502-v1:0', name: 'Pixtral Large (25.02)', provider: 'Mistral AI', aliases: ['pixtral-large'], openrouter: 'mistralai/pixtral-large-2411', kind: 'chat' },
  { id: 'deepseek.r1-v1:0', name: 'DeepSeek-R1', provider: 'DeepSeek', aliases: ['deepseek-r1'], openrouter: 'deepseek/deepseek-r1', kind: 'chat' },
  { id: 'deepseek.v3-v1:0', name: 'DeepSeek-V3.1', provider: 'DeepSeek', aliases: ['deepseek-v3'], openrouter: 'deepseek/deepseek-chat-v3.1', kind: 'chat' },
  { id: 'openai.gpt-oss-120b-1:0', name: 'gpt-oss-120b', provider: 'OpenAI', aliases: ['gpt-oss-120b'], openrouter: 'openai/gpt-oss-120b', kind: 'chat' },
  { id: 'openai.gpt-oss-20b-1:0', name: 'gpt-oss-20b', provider: 'OpenAI', aliases: ['gpt-oss-20b'], openrouter: 'openai/gpt-oss-20b', kind: 'chat' },
  { id: 'qwen.qwen3-coder-480b-a35b-v1:0', name: 'Qwen3 Coder 480B', provider: 'Qwen', aliases: ['qwen3-coder'], openrouter: 'qwen/qwen3-coder', kind: 'chat' },
  { id: 'qwen.qwen3-32b-v1:0', name: 'Qwen3 32B', provider: 'Qwen', aliases: ['qwen3-32b'], openrouter: 'qwen/qwen3-32b', kind: 'chat' },
  { id: 'amazon.titan-embed-text-v2:0', name: 'Titan Text Embeddings v2', provider: 'Amazon', aliases: ['titan-embed-v2', 'titan-embed'], kind: 'embedding' },
  { id: 'cohere.embed-english-v3', name: 'Cohere Embed English v3', provider: 'Cohere', aliases: ['cohere-embed-english'], kind: 'embedding' },
  { id: 'cohere.embed-multilingual-v3', name: 'Cohere Embed Multilingual v3', provider: 'Cohere', aliases: ['cohere-embed-multilingual'], kind: 'embedding' },
  { id: 'cohere.embed-v4:0', name: 'Cohere Embed v4', provider: 'Cohere', aliases: ['cohere-embed-v4'], kind: 'embedding' },
  { id: 'amazon.nova-2-multimodal-embeddings-v1:0', name: 'Nova Multimodal Embeddings', provider: 'Amazon', aliases: ['nova-embed', 'nova-multimodal-embeddings'], kind: 'embedding' },
];

const BY_ALIAS = new Map<string, CatalogModel>();
const BY_OPENROUTER = new Map<string, CatalogModel>();
const BY_ID = new Map<string, CatalogModel>();
for (const model of CATALOG) {
  BY_ID.set(model.id, model);
  for (const alias of model.aliases) BY_ALIAS.set(alias, model);
  if (model.openrouter) BY_OPENROUTER.set(model.openrouter, model);
}

/** The catalogue entry for a built-in alias, if any. */
export function catalogByAlias(name: string): CatalogModel | undefined {
  return BY_ALIAS.get(name.toLowerCase());
}

/** The catalogue entry for an OpenRouter-style id (anthropic/claude-sonnet-4.5), if any. */
export function catalogByOpenRouter(name: string): CatalogModel | undefined {
  return BY_OPENROUTER.get(name.toLowerCase());
}

/** The catalogue entry for a base Bedrock model id, if any. */
export function catalogById(id: string): CatalogModel | undefined {
  return BY_ID.get(id);
}

/** Every built-in alias with the base model id it names. */
export function builtInAliases(): Array<{ alias: string; id: string }> {
  return [...BY_ALIAS.entries()].map(([alias, model]) => ({ alias, id: model.id }));
}
