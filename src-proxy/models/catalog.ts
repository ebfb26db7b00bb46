// The models Outcrop knows by name: their base Bedrock ids, built-in aliases and the
// OpenRouter-style ids some tools send. Capabilities come from families.ts. It is the fallback for
// names the account's own model listing does not settle (resolve.ts asks the listing first).
//
// Sources, read 2026-12-06 (ids are the base model ids; profiles add us./eu./jp./au./apac./global.):
// [aws]  Bedrock model cards, https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards.html
//        (per-provider lists: model-cards-qwen.html, model-cards-deepseek.html, model-cards-moonshot-ai.html;
//        cards model-card-anthropic-claude-opus-4-6.html, …-opus-4-7.html, …-opus-5-5.html,
//        model-card-amazon-nova-2-lite.html, model-card-qwen-qwen3-coder-next.html,
//        model-card-nvidia-nemotron-super-3-120b.html, model-card-nvidia-nemotron-nano-3-30b.html,
//        model-card-moonshot-ai-kimi-k3.html)
// [ant]  Anthropic, "Claude on Amazon Bedrock" model table (base Bedrock ids and their
//        global/us/eu/jp/apac profiles), https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock-legacy
//        and Claude Code's model configuration page (us.anthropic.claude-opus-4-8).
// [news] AWS What's New 2026-02 "Amazon Bedrock adds support for six open-weights models"
//        (DeepSeek V3.2, MiniMax M2.1, Kimi K2.5, Qwen3 Coder Next, …) and 2025-12 (Mistral Large 3,
//        Ministral 3, Magistral, Gemma 3, MiniMax M2, Kimi K2 Thinking, Nemotron).
// Family aliases (claude-sonnet, claude-opus, claude-haiku) name the newest model of the family
// whose request rules Outcrop drives end to end; Claude 4.7 and later need adaptive thinking
// (families.ts adaptiveThinking 'only'), which the reasoning planner does not send yet, so
// claude-sonnet and claude-opus stay on 4.6 until it does.

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
  // The family aliases first (pickers and /v1/models show them before the versioned names).
  // Claude 4.6 [aws opus-4-6 card; ant table: opus global/us/eu/jp/apac, sonnet global/us/eu/jp].
  { id: 'anthropic.claude-opus-4-6-v1', name: 'Claude Opus 4.6', provider: 'Anthropic', aliases: ['claude-opus', 'claude-opus-4.6', 'claude-opus-4-6'], openrouter: 'anthropic/claude-opus-4.6', kind: 'chat' },
  { id: 'anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', provider: 'Anthropic', aliases: ['claude-sonnet', 'claude-sonnet-4.6', 'claude-sonnet-4-6'], openrouter: 'anthropic/claude-sonnet-4.6', kind: 'chat' },
  { id: 'anthropic.claude-haiku-4-5-20251001-v1:0', name: 'Claude Haiku 4.5', provider: 'Anthropic', aliases: ['claude-haiku', 'claude-haiku-4.5', 'claude-haiku-4-5'], openrouter: 'anthropic/claude-haiku-4.5', kind: 'chat' },
  // Claude 5.x [aws opus-5-5 card; ant], newest first. Adaptive thinking only, no temperature/top_p/top_k.
  { id: 'anthropic.claude-opus-5-5', name: 'Claude Opus 5.5', provider: 'Anthropic', aliases: ['claude-opus-5.5', 'claude-opus-5-5'], openrouter: 'anthropic/claude-opus-5.5', kind: 'chat' },
  { id: 'anthropic.claude-sonnet-5-5', name: 'Claude Sonnet 5.5', provider: 'Anthropic', aliases: ['claude-sonnet-5.5', 'claude-sonnet-5-5'], openrouter: 'anthropic/claude-sonnet-5.5', kind: 'chat' },
  { id: 'anthropic.claude-haiku-5-5', name: 'Claude Haiku 5.5', provider: 'Anthropic', aliases: ['claude-haiku-5.5', 'claude-haiku-5-5'], openrouter: 'anthropic/claude-haiku-5.5', kind: 'chat' },
  { id: 'anthropic.claude-opus-5', name: 'Claude Opus 5', provider: 'Anthropic', aliases: ['claude-opus-5'], openrouter: 'anthropic/claude-opus-5', kind: 'chat' },
  { id: 'anthropic.claude-sonnet-5', name: 'Claude Sonnet 5', provider: 'Anthropic', aliases: ['claude-sonnet-5'], openrouter: 'anthropic/claude-sonnet-5', kind: 'chat' },
  // Claude 4.7-4.8 [aws opus-4-7 card; ant]: undated ids; adaptive thinking only.
  { id: 'anthropic.claude-opus-4-8', name: 'Claude Opus 4.8', provider: 'Anthropic', aliases: ['claude-opus-4.8', 'claude-opus-4-8'], openrouter: 'anthropic/claude-opus-4.8', kind: 'chat' },
  { id: 'anthropic.claude-opus-4-7', name: 'Claude Opus 4.7', provider: 'Anthropic', aliases: ['claude-opus-4.7', 'claude-opus-4-7'], openrouter: 'anthropic/claude-opus-4.7', kind: 'chat' },
  { id: 'anthropic.claude-opus-4-5-20251101-v1:0', name: 'Claude Opus 4.5', provider: 'Anthropic', aliases: ['claude-opus-4.5', 'claude-opus-4-5'], openrouter: 'anthropic/claude-opus-4.5', kind: 'chat' },
  { id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', name: 'Claude Sonnet 4.5', provider: 'Anthropic', aliases: ['claude-sonnet-4.5', 'claude-sonnet-4-5'], openrouter: 'anthropic/claude-sonnet-4.5', kind: 'chat' },
  { id: 'anthropic.claude-opus-4-1-20250805-v1:0', name: 'Claude Opus 4.1', provider: 'Anthropic', aliases: ['claude-opus-4.1', 'claude-opus-4-1'], openrouter: 'anthropic/claude-opus-4.1', kind: 'chat' },
  { id: 'anthropic.claude-opus-4-20250514-v1:0', name: 'Claude Opus 4', provider: 'Anthropic', aliases: ['claude-opus-4'], openrouter: 'anthropic/claude-opus-4', kind: 'chat' },
  { id: 'anthropic.claude-sonnet-4-20250514-v1:0', name: 'Claude Sonnet 4', provider: 'Anthropic', aliases: ['claude-sonnet-4'], openrouter: 'anthropic/claude-sonnet-4', kind: 'chat' },
  { id: 'anthropic.claude-3-7-sonnet-20250219-v1:0', name: 'Claude 3.7 Sonnet', provider: 'Anthropic', aliases: ['claude-3.7-sonnet', 'claude-3-7-sonnet'], openrouter: 'anthropic/claude-3.7-sonnet', kind: 'chat' },
  { id: 'anthropic.claude-3-5-sonnet-20241022-v2:0', name: 'Claude 3.5 Sonnet v2', provider: 'Anthropic', aliases: ['claude-3.5-sonnet', 'claude-3-5-sonnet'], openrouter: 'anthropic/claude-3.5-sonnet', kind: 'chat' },
  { id: 'anthropic.claude-3-5-haiku-20241022-v1:0', name: 'Claude 3.5 Haiku', provider: 'Anthropic', aliases: ['claude-3.5-haiku', 'claude-3-5-haiku'], openrouter: 'anthropic/claude-3.5-haiku', kind: 'chat' },
  // Amazon Nova [aws nova-2-lite card]
  { id: 'amazon.nova-2-lite-v1:0', name: 'Nova 2 Lite', provider: 'Amazon', aliases: ['nova-2-lite', 'nova-2'], openrouter: 'amazon/nova-2-lite-v1', kind: 'chat' },
  { id: 'amazon.nova-premier-v1:0', name: 'Nova Premier', provider: 'Amazon', aliases: ['nova-premier'], openrouter: 'amazon/nova-premier-v1', kind: 'chat' },
  { id: 'amazon.nova-pro-v1:0', name: 'Nova Pro', provider: 'Amazon', aliases: ['nova-pro'], openrouter: 'amazon/nova-pro-v1', kind: 'chat' },
  { id: 'amazon.nova-lite-v1:0', name: 'Nova Lite', provider: 'Amazon', aliases: ['nova-lite'], openrouter: 'amazon/nova-lite-v1', kind: 'chat' },
  { id: 'amazon.nova-micro-v1:0', name: 'Nova Micro', provider: 'Amazon', aliases: ['nova-micro'], openrouter: 'amazon/nova-micro-v1', kind: 'chat' },
  { id: 'meta.llama4-maverick-17b-instruct-v1:0', name: 'Llama 4 Maverick 17B', provider: 'Meta', aliases: ['llama-4-maverick'], openrouter: 'meta-llama/llama-4-maverick', kind: 'chat' },
  { id: 'meta.llama4-scout-17b-instruct-v1:0', name: 'Llama 4 Scout 17B', provider: 'Meta', aliases: ['llama-4-scout'], openrouter: 'meta-llama/llama-4-scout', kind: 'chat' },
  { id: 'meta.llama3-3-70b-instruct-v1:0', name: 'Llama 3.3 70B', provider: 'Meta', aliases: ['llama-3.3-70b', 'llama-3-3-70b'], openrouter: 'meta-llama/llama-3.3-70b-instruct', kind: 'chat' },
  // Mistral AI [news 2025-12; aws model cards]
  { id: 'mistral.mistral-large-3-675b-instruct', name: 'Mistral Large 3', provider: 'Mistral AI', aliases: ['mistral-large-3'], kind: 'chat' },
  { id: 'mistral.magistral-small-2509', name: 'Magistral Small 1.2', provider: 'Mistral AI', aliases: ['magistral-small'], kind: 'chat' },
  { id: 'mistral.ministral-3-14b-instruct', name: 'Ministral 3 14B', provider: 'Mistral AI', aliases: ['ministral-3-14b'], kind: 'chat' },
  { id: 'mistral.ministral-3-8b-instruct', name: 'Ministral 3 8B', provider: 'Mistral AI', aliases: ['ministral-3-8b'], kind: 'chat' },
  { id: 'mistral.devstral-2-123b', name: 'Devstral 2 123B', provider: 'Mistral AI', aliases: ['devstral-2'], kind: 'chat' },
  { id: 'mistral.mistral-large-2407-v1:0', name: 'Mistral Large (24.07)', provider: 'Mistral AI', aliases: ['mistral-large'], openrouter: 'mistralai/mistral-large', kind: 'chat' },
  { id: 'mistral.pixtral-large-2502-v1:0', name: 'Pixtral Large (25.02)', provider: 'Mistral AI', aliases: ['pixtral-large'], openrouter: 'mistralai/pixtral-large-2411', kind: 'chat' },
  // DeepSeek [aws model-cards-deepseek: V3.2, V3.1, R1]
  { id: 'deepseek.v3.2', name: 'DeepSeek V3.2', provider: 'DeepSeek', aliases: ['deepseek-v3.2', 'deepseek-v3-2'], openrouter: 'deepseek/deepseek-v3.2', kind: 'chat' },
  { id: 'deepseek.r1-v1:0', name: 'DeepSeek-R1', provider: 'DeepSeek', aliases: ['deepseek-r1'], openrouter: 'deepseek/deepseek-r1', kind: 'chat' },
  { id: 'deepseek.v3-v1:0', name: 'DeepSeek-V3.1', provider: 'DeepSeek', aliases: ['deepseek-v3', 'deepseek-v3.1'], openrouter: 'deepseek/deepseek-chat-v3.1', kind: 'chat' },
  { id: 'openai.gpt-oss-120b-1:0', name: 'gpt-oss-120b', provider: 'OpenAI', aliases: ['gpt-oss-120b'], openrouter: 'openai/gpt-oss-120b', kind: 'chat' },
  { id: 'openai.gpt-oss-20b-1:0', name: 'gpt-oss-20b', provider: 'OpenAI', aliases: ['gpt-oss-20b'], openrouter: 'openai/gpt-oss-20b', kind: 'chat' },
  // Qwen [aws model-cards-qwen: Coder Next, VL 235B, Next 80B, Coder 30B, Coder 480B, 32B, 235B 2507]
  { id: 'qwen.qwen3-coder-next', name: 'Qwen3 Coder Next', provider: 'Qwen', aliases: ['qwen3-coder-next'], kind: 'chat' },
  { id: 'qwen.qwen3-coder-480b-a35b-v1:0', name: 'Qwen3 Coder 480B', provider: 'Qwen', aliases: ['qwen3-coder', 'qwen3-coder-480b'], openrouter: 'qwen/qwen3-coder', kind: 'chat' },
  { id: 'qwen.qwen3-coder-30b-a3b-v1:0', name: 'Qwen3 Coder 30B', provider: 'Qwen', aliases: ['qwen3-coder-30b'], openrouter: 'qwen/qwen3-coder-30b-a3b-instruct', kind: 'chat' },
  { id: 'qwen.qwen3-235b-a22b-2507-v1:0', name: 'Qwen3 235B A22B 2507', provider: 'Qwen', aliases: ['qwen3-235b'], openrouter: 'qwen/qwen3-235b-a22b-2507', kind: 'chat' },
  { id: 'qwen.qwen3-next-80b-a3b', name: 'Qwen3 Next 80B', provider: 'Qwen', aliases: ['qwen3-next-80b'], openrouter: 'qwen/qwen3-next-80b-a3b-instruct', kind: 'chat' },
  { id: 'qwen.qwen3-vl-235b-a22b', name: 'Qwen3 VL 235B', provider: 'Qwen', aliases: ['qwen3-vl'], kind: 'chat' },
  { id: 'qwen.qwen3-32b-v1:0', name: 'Qwen3 32B', provider: 'Qwen', aliases: ['qwen3-32b'], openrouter: 'qwen/qwen3-32b', kind: 'chat' },
  // Google, MiniMax, Moonshot AI, NVIDIA [news; aws model cards]
  { id: 'google.gemma-3-27b-it', name: 'Gemma 3 27B', provider: 'Google', aliases: ['gemma-3-27b', 'gemma-3'], openrouter: 'google/gemma-3-27b-it', kind: 'chat' },
  { id: 'google.gemma-3-12b-it', name: 'Gemma 3 12B', provider: 'Google', aliases: ['gemma-3-12b'], openrouter: 'google/gemma-3-12b-it', kind: 'chat' },
  { id: 'google.gemma-3-4b-it', name: 'Gemma 3 4B', provider: 'Google', aliases: ['gemma-3-4b'], openrouter: 'google/gemma-3-4b-it', kind: 'chat' },
  { id: 'minimax.minimax-m2.5', name: 'MiniMax M2.5', provider: 'MiniMax', aliases: ['minimax-m2.5', 'minimax'], kind: 'chat' },
  { id: 'minimax.minimax-m2.1', name: 'MiniMax M2.1', provider: 'MiniMax', aliases: ['minimax-m2.1'], kind: 'chat' },
  { id: 'minimax.minimax-m2', name: 'MiniMax M2', provider: 'MiniMax', aliases: ['minimax-m2'], openrouter: 'minimax/minimax-m2', kind: 'chat' },
  { id: 'moonshotai.kimi-k3', name: 'Kimi K3', provider: 'Moonshot AI', aliases: ['kimi-k3', 'kimi'], kind: 'chat' },
  { id: 'moonshotai.kimi-k2.5', name: 'Kimi K2.5', provider: 'Moonshot AI', aliases: ['kimi-k2.5'], kind: 'chat' },
  { id: 'moonshot.kimi-k2-thinking', name: 'Kimi K2 Thinking', provider: 'Moonshot AI', aliases: ['kimi-k2-thinking'], openrouter: 'moonshotai/kimi-k2-thinking', kind: 'chat' },
  { id: 'nvidia.nemotron-super-3-120b', name: 'Nemotron 3 Super 120B', provider: 'NVIDIA', aliases: ['nemotron-super-3', 'nemotron'], kind: 'chat' },
  { id: 'nvidia.nemotron-nano-3-30b', name: 'Nemotron 3 Nano 30B', provider: 'NVIDIA', aliases: ['nemotron-nano-3'], kind: 'chat' },
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
