import type { Capabilities } from '../models/families';
import type { ReasoningRequest } from './neutral';

/** What a request asks of reasoning, in Bedrock terms. */
export interface ReasoningPlan {
  /** Anthropic extended thinking is on (signed reasoning blocks, no temperature/top_p, tool choice auto). */
  thinking: boolean;
  budgetTokens?: number;
  /** Fields for additionalModelRequestFields. */
  fields: Record<string, unknown>;
  /** maxTokens after making room for the thinking budget. */
  maxTokens?: number;
}

type Effort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
const EFFORTS: readonly string[] = ['minimal', 'low', 'medium', 'high', 'xhigh'];

// Budgets per effort level; Anthropic requires at least 1,024.
// https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
export const THINKING_BUDGET: Record<Effort, number> = { minimal: 1024, low: 2048, medium: 8192, high: 16384, xhigh: 32768 };
const MIN_BUDGET = 1024;
const ANSWER_ROOM = 4096;

/** Derives the reasoning settings of a request from its effort / budget / adaptive ask and the model's format (rule 6). */
export function planReasoning(req: ReasoningRequest | undefined, caps: Capabilities, maxTokens: number | undefined): ReasoningPlan {
  // Efforts newer than this code (clients add levels) count as medium rather than failing the request.
  const asked = req?.effort;
  const effort = asked && asked !== 'none' ? ((EFFORTS.includes(asked) ? asked : 'medium') as Effort) : undefined;
  const explicit = req?.budgetTokens !== undefined ? { budget_tokens: req.budgetTokens } : undefined;
  const off = asked === 'none' || req?.off === true;
  if (off || (!effort && !explicit && !req?.adaptive)) return { thinking: false, fields: {}, maxTokens };

  switch (caps.reasoning) {
    case 'anthropic': {
      // Claude 4.7 and later refuse a budget: adaptive thinking, its depth set by effort.
      if (caps.adaptiveThinking === 'only') {
        return { thinking: true, fields: { thinking: { type: 'adaptive' }, output_config: { effort: threeLevels(effort) } }, maxTokens: maxTokens ?? caps.maxOutputTokens };
      }
      let budget = Math.max(MIN_BUDGET, explicit?.budget_tokens ?? THINKING_BUDGET[effort ?? 'medium']);
      budget = Math.min(budget, caps.maxOutputTokens - MIN_BUDGET);
      // Bedrock requires maxTokens > budget_tokens; leave room for the answer itself.
      const max = !maxTokens || maxTokens < budget + MIN_BUDGET ? Math.min(caps.maxOutputTokens, budget + Math.max(maxTokens ?? 0, ANSWER_ROOM)) : maxTokens;
      // Adaptive thinking becomes a budget from the effort: every Claude model with thinking on
      // Bedrock takes {enabled, budget_tokens}; not all of them take {adaptive}.
      return { thinking: true, budgetTokens: budget, fields: { thinking: { type: 'enabled', budget_tokens: budget } }, maxTokens: max };
    }
    case 'openai':
      return { thinking: false, fields: { reasoning_effort: threeLevels(effort) }, maxTokens };
    case 'nova':
      return { thinking: false, fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: threeLevels(effort) } }, maxTokens };
    default:
      // Models that always reason (DeepSeek R1) or never do: nothing to switch on.
      return { thinking: false, fields: {}, maxTokens };
  }
}

// gpt-oss and Nova know low, medium and high.
function threeLevels(effort: Effort | undefined): 'low' | 'medium' | 'high' {
  if (effort === 'minimal') return 'low';
  if (effort === 'xhigh') return 'high';
  return effort ?? 'medium';
}
