import { ProxyError } from '../../errors';
import type { CachingPolicy } from '../../converse/cache-points';
import type { ImageData } from '../../converse/media';
import type { NeutralRequest, NeutralTool, NeutralToolChoice, ReasoningRequest } from '../../converse/neutral';
import { toConverseRequest, type ConverseTranslation } from '../../converse/to-converse';
import type { ResolvedModel } from '../../models/resolve';
import { chatMessagesToNeutral } from './messages';
import type { ReasoningStore } from './reasoning-store';
import type { ChatCompletionRequest } from './schema';

export interface ToConverseOptions {
  model: ResolvedModel;
  /** http(s) images of the request, fetched beforehand so this stays a pure function. */
  images?: ReadonlyMap<string, ImageData>;
  reasoning?: ReasoningStore;
  caching?: CachingPolicy;
}

export { CONTINUE_PROMPT, type ConverseTranslation } from '../../converse/to-converse';

/** Translates an OpenAI chat completions request into a Converse request for the resolved model. */
export function toConverse(req: ChatCompletionRequest, opts: ToConverseOptions): ConverseTranslation {
  return toConverseRequest(chatToNeutral(req, opts), { model: opts.model, caching: opts.caching });
}

/** An OpenAI chat completions request in neutral form. */
export function chatToNeutral(req: ChatCompletionRequest, opts: Omit<ToConverseOptions, 'caching'>): NeutralRequest {
  if (req.n != null && req.n !== 1) {
    throw new ProxyError('unsupported_parameter', `'n' must be 1: Bedrock returns one choice per request (got ${req.n}).`, { param: 'n' });
  }
  const reasoning = chatReasoning(req);
  // Signed reasoning is only looked up for turns when thinking may be on for this model.
  const thinkingMayBeOn = opts.model.caps.reasoning === 'anthropic' && reasoning !== undefined && !reasoning.off && reasoning.effort !== 'none';
  const { system, messages } = chatMessagesToNeutral(req.messages, { images: opts.images ?? new Map(), reasoning: thinkingMayBeOn ? opts.reasoning : undefined });
  const neutral: NeutralRequest = { system, messages };
  if (req.tools?.length) neutral.tools = req.tools.map(chatTool);
  if (req.tool_choice) neutral.toolChoice = chatToolChoice(req.tool_choice);
  const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  if (maxTokens !== undefined) neutral.maxTokens = maxTokens;
  if (req.temperature != null) neutral.temperature = req.temperature;
  if (req.top_p != null) neutral.topP = req.top_p;
  const stops = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (stops?.length) neutral.stopSequences = stops;
  if (reasoning) neutral.reasoning = reasoning;
  const caching = req.prompt_caching;
  if (typeof caching === 'boolean' || (caching && typeof caching === 'object')) neutral.caching = caching as NeutralRequest['caching'];
  // Power users can send Bedrock's own fields through extra_body.
  const extra = (req as { additionalModelRequestFields?: unknown }).additionalModelRequestFields;
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) neutral.extraFields = extra as Record<string, unknown>;
  const guardrail = (req as { guardrailConfig?: unknown }).guardrailConfig;
  if (guardrail && typeof guardrail === 'object') neutral.guardrailConfig = guardrail;
  return neutral;
}

/** reasoning_effort and the Anthropic-style thinking field, in neutral words. */
export function chatReasoning(req: Pick<ChatCompletionRequest, 'reasoning_effort' | 'thinking'>): ReasoningRequest | undefined {
  const effort = req.reasoning_effort ?? undefined;
  const thinking = req.thinking ?? undefined;
  if (effort === undefined && !thinking) return undefined;
  const out: ReasoningRequest = {};
  if (effort !== undefined) out.effort = effort;
  if (thinking?.type === 'enabled') out.budgetTokens = thinking.budget_tokens;
  if (thinking?.type === 'enabled' && thinking.budget_tokens === undefined) out.effort ??= 'medium';
  if (thinking?.type === 'disabled') out.off = true;
  return out;
}

function chatTool(tool: NonNullable<ChatCompletionRequest['tools']>[number]): NeutralTool {
  const out: NeutralTool = { name: tool.function.name, description: tool.function.description, schema: tool.function.parameters };
  if (tool.cache_control) out.cache = tool.cache_control as NeutralTool['cache'];
  return out;
}

function chatToolChoice(choice: NonNullable<ChatCompletionRequest['tool_choice']>): NeutralToolChoice {
  if (choice === 'auto' || choice === 'none') return choice;
  if (choice === 'required' || choice === 'any') return 'any';
  return { tool: choice.function.name };
}
