import { isBlank, type ImageData } from '../../converse/media';
import { ProxyError } from '../../errors';
import type { NeutralRequest, ReasoningRequest } from '../../converse/neutral';
import { itemsToNeutral } from './items';
import type { ReasoningSealer } from './sealing';
import type { InputItem, ResponsesRequest } from './schema';
import { toolChoiceOf, type ResponsesTools } from './tools';

/** A Responses request (its items already joined with a stored conversation) in neutral form. */
export function responsesToNeutral(req: ResponsesRequest, items: readonly InputItem[], ctx: { images: ReadonlyMap<string, ImageData>; tools: ResponsesTools; sealer: ReasoningSealer; notes?: string[] }): NeutralRequest {
  const { system, messages } = itemsToNeutral(items, ctx);
  // Said here in the client's words: the core would name 'messages', which Responses has not.
  if (!messages.some((m) => m.content.some((b) => !b.cachePoint && !(b.text !== undefined && isBlank(b.text))))) {
    throw new ProxyError('invalid_request', "'input' holds no message with content: send some text, an image or a file.", { param: 'input' });
  }
  if (req.instructions?.trim()) system.unshift({ text: req.instructions });
  const neutral: NeutralRequest = { system, messages };
  if (ctx.tools.neutral.length) neutral.tools = ctx.tools.neutral;
  const choice = toolChoiceOf(req.tool_choice, ctx.tools);
  if (choice) neutral.toolChoice = choice;
  if (req.parallel_tool_calls === false) neutral.parallelToolCalls = false;
  if (req.max_output_tokens != null) neutral.maxTokens = req.max_output_tokens;
  if (req.temperature != null) neutral.temperature = req.temperature;
  if (req.top_p != null) neutral.topP = req.top_p;
  const reasoning = responsesReasoning(req);
  if (reasoning) neutral.reasoning = reasoning;
  // A prompt_cache_key says the client reuses this prefix: cache all of it, whatever the defaults.
  if (req.prompt_cache_key) neutral.caching = true;
  return neutral;
}

/**
 * reasoning.effort in neutral words. Asking only for a summary (Codex sends {summary: "auto"})
 * means the client wants reasoning to show, which needs reasoning: medium effort.
 */
export function responsesReasoning(req: Pick<ResponsesRequest, 'reasoning'>): ReasoningRequest | undefined {
  const r = req.reasoning;
  if (!r) return undefined;
  if (r.effort) return { effort: r.effort };
  if (r.summary && r.summary !== 'none') return { effort: 'medium' };
  return undefined;
}
