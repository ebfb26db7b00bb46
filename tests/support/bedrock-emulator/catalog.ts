import type { FoundationModelSummary, InferenceProfileSummary } from './types';

export const ACCOUNT_ID = '111122223333';

type Geo = 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'global';

interface ModelEntry {
  id: string;
  name: string;
  provider: string;
  input: string[];
  output: string[];
  stream: boolean;
  /** Only callable through an inference profile (no on-demand throughput). */
  profileOnly?: boolean;
  geos?: Geo[];
}

const T = ['TEXT'];
const TI = ['TEXT', 'IMAGE'];

// A realistic slice of the us-east-1 catalog (late 2025, plus the late-2026 shapes: undated Claude
// ids, a -v1 id, a global-only model, Nova 2 and open-weights models without a revision suffix).
const MODELS: ModelEntry[] = [
  { id: 'anthropic.claude-3-5-sonnet-20241022-v2:0', name: 'Claude 3.5 Sonnet v2', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'apac'] },
  { id: 'anthropic.claude-3-5-haiku-20241022-v1:0', name: 'Claude 3.5 Haiku', provider: 'Anthropic', input: T, output: T, stream: true, profileOnly: true, geos: ['us'] },
  { id: 'anthropic.claude-3-7-sonnet-20250219-v1:0', name: 'Claude 3.7 Sonnet', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'eu', 'apac'] },
  { id: 'anthropic.claude-sonnet-4-20250514-v1:0', name: 'Claude Sonnet 4', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'eu', 'apac', 'global'] },
  { id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', name: 'Claude Sonnet 4.5', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'eu', 'global'] },
  { id: 'anthropic.claude-opus-4-1-20250805-v1:0', name: 'Claude Opus 4.1', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us'] },
  { id: 'anthropic.claude-opus-4-5-20251101-v1:0', name: 'Claude Opus 4.5', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'eu', 'global'] },
  { id: 'anthropic.claude-haiku-4-5-20251001-v1:0', name: 'Claude Haiku 4.5', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'eu', 'global'] },
  { id: 'anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'eu', 'jp', 'global'] },
  { id: 'anthropic.claude-opus-4-6-v1', name: 'Claude Opus 4.6', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['us', 'global'] },
  { id: 'anthropic.claude-opus-4-8', name: 'Claude Opus 4.8', provider: 'Anthropic', input: TI, output: T, stream: true, profileOnly: true, geos: ['global'] },
  { id: 'amazon.nova-2-lite-v1:0', name: 'Nova 2 Lite', provider: 'Amazon', input: ['TEXT', 'IMAGE', 'VIDEO'], output: T, stream: true, profileOnly: true, geos: ['us', 'eu', 'jp', 'global'] },
  { id: 'amazon.nova-premier-v1:0', name: 'Nova Premier', provider: 'Amazon', input: ['TEXT', 'IMAGE', 'VIDEO'], output: T, stream: true, profileOnly: true, geos: ['us'] },
  { id: 'amazon.nova-pro-v1:0', name: 'Nova Pro', provider: 'Amazon', input: ['TEXT', 'IMAGE', 'VIDEO'], output: T, stream: true, geos: ['us', 'eu', 'apac'] },
  { id: 'amazon.nova-lite-v1:0', name: 'Nova Lite', provider: 'Amazon', input: ['TEXT', 'IMAGE', 'VIDEO'], output: T, stream: true, geos: ['us', 'eu', 'apac'] },
  { id: 'amazon.nova-micro-v1:0', name: 'Nova Micro', provider: 'Amazon', input: T, output: T, stream: true, geos: ['us', 'eu', 'apac'] },
  { id: 'meta.llama3-3-70b-instruct-v1:0', name: 'Llama 3.3 70B Instruct', provider: 'Meta', input: T, output: T, stream: true, profileOnly: true, geos: ['us'] },
  { id: 'meta.llama4-maverick-17b-instruct-v1:0', name: 'Llama 4 Maverick 17B Instruct', provider: 'Meta', input: TI, output: T, stream: true, profileOnly: true, geos: ['us'] },
  { id: 'mistral.mistral-large-2402-v1:0', name: 'Mistral Large (24.02)', provider: 'Mistral AI', input: T, output: T, stream: true },
  { id: 'deepseek.r1-v1:0', name: 'DeepSeek-R1', provider: 'DeepSeek', input: T, output: T, stream: true, profileOnly: true, geos: ['us'] },
  { id: 'openai.gpt-oss-120b-1:0', name: 'gpt-oss-120b', provider: 'OpenAI', input: T, output: T, stream: true },
  { id: 'qwen.qwen3-coder-next', name: 'Qwen3 Coder Next', provider: 'Qwen', input: T, output: T, stream: true },
  { id: 'deepseek.v3.2', name: 'DeepSeek V3.2', provider: 'DeepSeek', input: T, output: T, stream: true },
  { id: 'amazon.titan-embed-text-v2:0', name: 'Titan Text Embeddings V2', provider: 'Amazon', input: T, output: ['EMBEDDING'], stream: false },
  { id: 'cohere.embed-english-v3', name: 'Embed English', provider: 'Cohere', input: T, output: ['EMBEDDING'], stream: false },
  { id: 'cohere.embed-multilingual-v3', name: 'Embed Multilingual', provider: 'Cohere', input: T, output: ['EMBEDDING'], stream: false },
  { id: 'cohere.embed-v4:0', name: 'Embed v4', provider: 'Cohere', input: TI, output: ['EMBEDDING'], stream: false, geos: ['us', 'eu'] },
  { id: 'amazon.nova-2-multimodal-embeddings-v1:0', name: 'Nova Multimodal Embeddings', provider: 'Amazon', input: ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO'], output: ['EMBEDDING'], stream: false },
];

const GEO_REGIONS: Record<Geo, string[]> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1'],
  apac: ['ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
  global: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'ap-northeast-1'],
};

const GEO_LABEL: Record<Geo, string> = { us: 'US', eu: 'EU', apac: 'APAC', jp: 'JP', au: 'AU', global: 'Global' };

// Claude ids not in MODELS follow the same rule by version: 3.7 and every 4.x or later release
// (claude-sonnet-4-6, claude-opus-4-10, claude-sonnet-5, claude-fable-5) is profile-only.
const PROFILE_ONLY_PATTERN = /^anthropic\.claude-(3-7-|[a-z]+-(?:[4-9]|\d{2,})(?!\d))/;

/** The geography prefix whose profiles a region can call (us-east-1 -> us). */
export function regionGeo(region: string): 'us' | 'eu' | 'apac' {
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  return 'us';
}

/** Every geography whose profiles a region can call: Tokyo and Osaka call jp. and apac., Sydney and Melbourne au. and apac. */
export function regionGeos(region: string): Array<Exclude<Geo, 'global'>> {
  if (region === 'ap-northeast-1' || region === 'ap-northeast-3') return ['jp', 'apac'];
  if (region === 'ap-southeast-2' || region === 'ap-southeast-4') return ['au', 'apac'];
  return [regionGeo(region)];
}

/** Splits a model id into its cross-region prefix (us., eu., apac., global., …) and the base id. */
export function splitProfilePrefix(modelId: string): { prefix?: string; base: string } {
  const m = /^(us|eu|apac|global|jp|au|ca|us-gov)\.(.+)$/.exec(modelId);
  return m ? { prefix: m[1], base: m[2] } : { base: modelId };
}

/** True when a bare model id may only be invoked through an inference profile. */
export function requiresInferenceProfile(modelId: string): boolean {
  if (modelId.startsWith('arn:')) return false;
  if (splitProfilePrefix(modelId).prefix) return false;
  const entry = MODELS.find((m) => m.id === modelId);
  if (entry) return entry.profileOnly === true;
  return PROFILE_ONLY_PATTERN.test(modelId);
}

function modelArn(region: string, id: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${id}`;
}

/** The default ListFoundationModels data set, as seen from `region`. */
export function defaultFoundationModels(region = 'us-east-1'): FoundationModelSummary[] {
  return MODELS.map((m) => ({
    modelArn: modelArn(region, m.id),
    modelId: m.id,
    modelName: m.name,
    providerName: m.provider,
    inputModalities: m.input,
    outputModalities: m.output,
    responseStreamingSupported: m.stream,
    customizationsSupported: [],
    inferenceTypesSupported: m.profileOnly ? ['INFERENCE_PROFILE'] : ['ON_DEMAND'],
    modelLifecycle: { status: 'ACTIVE' },
  }));
}

/** The default system-defined inference profiles visible from `region` (its geography plus global). */
export function defaultInferenceProfiles(region = 'us-east-1'): InferenceProfileSummary[] {
  const visible: Geo[] = [...regionGeos(region), 'global'];
  const out: InferenceProfileSummary[] = [];
  for (const geo of visible) {
    for (const m of MODELS) {
      if (!m.geos?.includes(geo)) continue;
      const id = `${geo}.${m.id}`;
      const regions = GEO_REGIONS[geo];
      const name = `${GEO_LABEL[geo]} ${m.provider} ${m.name}`;
      out.push({
        inferenceProfileName: name,
        inferenceProfileArn: `arn:aws:bedrock:${region}:${ACCOUNT_ID}:inference-profile/${id}`,
        inferenceProfileId: id,
        models: regions.map((r) => ({ modelArn: modelArn(r, m.id) })),
        status: 'ACTIVE',
        type: 'SYSTEM_DEFINED',
        description: `Routes requests to ${m.provider} ${m.name} in ${regions.join(', ')}.`,
        createdAt: '2025-01-01T00:00:00Z',
        updatedAt: '2025-01-01T00:00:00Z',
      });
    }
  }
  return out;
}
