import { ProxyError } from '../../errors';
import { cachePointFor, type ImageData } from '../../converse/media';
import type { NeutralMessage, NeutralRequest, NeutralSystemBlock, NeutralTool, NeutralToolChoice, ReasoningRequest } from '../../converse/neutral';
import type { ResolvedModel } from '../../models/resolve';
import { acceptsBeta, splitBetas } from './betas';
import { anthropicBlocks } from './content';
import type { AnthropicTool, MessagesRequest } from './schema';

export interface AnthropicToNeutralOptions {
  model: ResolvedModel;
  /** http(s) images of the request, fetched beforehand. */
  images?: ReadonlyMap<string, ImageData>;
  /** The anthropic-beta header as the client sent it. */
  betaHeader?: string | string[];
}

export interface AnthropicTranslation {
  neutral: NeutralRequest;
  /** What was dropped or changed on the way, one line each, for the log. */
  notes: string[];
}

const CONTEXT_BETA = 'context-management-2025-06-27';
const EFFORT_BETA = 'effort-2025-11-24';

/** An Anthropic Messages request in neutral form, with notes on everything Bedrock cannot take. */
export function anthropicToNeutral(req: MessagesRequest, opts: AnthropicToNeutralOptions): AnthropicTranslation {
  const notes: string[] = [];
  const images = opts.images ?? new Map<string, ImageData>();
  const modelId = opts.model.modelId;
  const claude = opts.model.caps.family.startsWith('claude');

  const system: NeutralSystemBlock[] = [];
  if (typeof req.system === 'string') system.push({ text: req.system });
  else for (const b of req.system ?? []) pushSystem(system, b.text, b.cache_control);
  const messages: NeutralMessage[] = [];
  if (req.messages.length === 0) throw new ProxyError('invalid_request', 'messages: at least one message is required', { param: 'messages' });
  req.messages.forEach((m, i) => {
    const param = `messages.${i}.content`;
    // Anthropic's own rule (and Bedrock's): blank text is dropped (rule 3), but no content at all is refused.
    if (Array.isArray(m.content) && m.content.length === 0 && !(m.role === 'assistant' && i === req.messages.length - 1)) {
      throw new ProxyError('invalid_request', `${param}: all messages must have non-empty content except for the optional final assistant message`, { param });
    }
    if (m.role !== 'system') return void messages.push({ role: m.role, content: anthropicBlocks(m.content, images, param) });
    // A system entry inside messages (Claude Code sends one) joins the one system prompt, in order.
    if (typeof m.content === 'string') return void system.push({ text: m.content });
    m.content.forEach((b, j) => {
      if (b.type !== 'text') throw new ProxyError('invalid_request', `${param}.${j}.type: a system message can only hold text blocks.`, { param: `${param}.${j}.type` });
      pushSystem(system, b.text, b.cache_control);
    });
  });

  const neutral: NeutralRequest = { system, messages, maxTokens: req.max_tokens };
  const tools = (req.tools ?? []).flatMap((t) => toolOf(t, notes));
  if (tools.length) neutral.tools = tools;
  if (req.tool_choice) {
    neutral.toolChoice = toolChoiceOf(req.tool_choice);
    if (req.tool_choice.disable_parallel_tool_use) notes.push('tool_choice.disable_parallel_tool_use is not supported by Bedrock Converse; the model may still call tools in parallel.');
  }
  if (req.temperature != null) neutral.temperature = req.temperature;
  if (req.top_p != null) neutral.topP = req.top_p;
  if (req.top_k != null) {
    if (claude) neutral.topK = req.top_k;
    else notes.push(`top_k is not sent: ${modelId} takes no top_k through Converse.`);
  }
  if (req.stop_sequences?.length) neutral.stopSequences = req.stop_sequences;
  const reasoning = reasoningOf(req, claude);
  if (reasoning) neutral.reasoning = reasoning;
  if (req.thinking && 'display' in req.thinking && req.thinking.display) notes.push(`thinking.display "${req.thinking.display}" is not sent to Bedrock; thinking text is returned as Bedrock gives it.`);

  if (claude) {
    const { fields, forwarded, dropped } = claudeFieldsOf(req, modelId, opts.betaHeader, notes);
    if (Object.keys(fields).length) neutral.claudeFields = fields;
    if (dropped.length) notes.push(`anthropic-beta dropped (not accepted by Bedrock for ${modelId}): ${dropped.join(', ')}`);
    void forwarded;
  } else {
    if (opts.betaHeader) notes.push(`anthropic-beta dropped (${modelId} is not a Claude model): ${String(opts.betaHeader)}`);
    if (req.context_management) notes.push(`context_management dropped: ${modelId} is not a Claude model.`);
  }
  return { neutral, notes };
}

function pushSystem(system: NeutralSystemBlock[], text: string, control: unknown): void {
  system.push({ text });
  if (control) system.push(cachePointFor(control));
}

// Server tools (web_search, code_execution, bash_…, text_editor_…) run at Anthropic, not on
// Bedrock; deferred tools (tool search) need a beta Converse does not take. Both are left out.
function toolOf(tool: AnthropicTool, notes: string[]): NeutralTool[] {
  if (tool.type && tool.type !== 'custom') {
    notes.push(`tool "${tool.name}" (${tool.type}) dropped: server tools are not run by Bedrock.`);
    return [];
  }
  if (tool.defer_loading) {
    notes.push(`tool "${tool.name}" dropped: defer_loading (tool search) is not supported by Bedrock Converse.`);
    return [];
  }
  const out: NeutralTool = { name: tool.name, description: tool.description, schema: tool.input_schema };
  if (tool.cache_control) out.cache = tool.cache_control as NeutralTool['cache'];
  return [out];
}

function toolChoiceOf(choice: NonNullable<MessagesRequest['tool_choice']>): NeutralToolChoice {
  if (choice.type === 'tool') {
    if (!choice.name) throw new ProxyError('invalid_request', 'tool_choice.name: Field required', { param: 'tool_choice.name' });
    return { tool: choice.name };
  }
  return choice.type;
}

// thinking {enabled, budget_tokens} / {adaptive} / {disabled} and output_config.effort, in the
// core's words. Effort without thinking only asks for reasoning on models that are not Claude
// (for Claude it is sent as output_config where Bedrock takes it).
function reasoningOf(req: MessagesRequest, claude: boolean): ReasoningRequest | undefined {
  const effort = req.output_config?.effort;
  switch (req.thinking?.type) {
    case 'enabled':
      return { budgetTokens: req.thinking.budget_tokens };
    case 'adaptive':
      return { adaptive: true, ...(effort ? { effort } : {}) };
    case 'disabled':
      return { off: true };
    default:
      return effort && !claude ? { effort } : undefined;
  }
}

function claudeFieldsOf(req: MessagesRequest, modelId: string, header: string | string[] | undefined, notes: string[]) {
  const { forwarded, dropped } = splitBetas(header, modelId);
  const fields: Record<string, unknown> = {};
  if (req.context_management) {
    if (acceptsBeta(CONTEXT_BETA, modelId)) {
      fields.context_management = req.context_management;
      if (!forwarded.includes(CONTEXT_BETA)) forwarded.push(CONTEXT_BETA);
    } else notes.push(`context_management dropped: Bedrock does not take it for ${modelId}.`);
  }
  const effort = req.output_config?.effort;
  if (effort) {
    if (acceptsBeta(EFFORT_BETA, modelId)) {
      fields.output_config = { effort };
      if (!forwarded.includes(EFFORT_BETA)) forwarded.push(EFFORT_BETA);
    } else notes.push(`output_config.effort "${effort}" is not sent: Bedrock does not take effort for ${modelId}.`);
  }
  if (forwarded.length) fields.anthropic_beta = forwarded;
  return { fields, forwarded, dropped };
}
