import type { ConverseCommandInput, InferenceConfiguration, Message, Tool, ToolChoice, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { ProxyError } from '../errors';
import type { ResolvedModel } from '../models/resolve';
import type { ChatCompletionRequest, ChatTool } from '../schemas/openai-chat';
import { NO_CACHING, placeCachePoints, stripCachePoints, type CachingPolicy } from './cache-points';
import { cachePointFor, type ImageData } from './content';
import { flattenToolBlocks, toConverseMessages } from './messages';
import { planReasoning } from './reasoning';
import type { ReasoningStore } from './reasoning-store';
import { ToolNameMap } from './tool-names';

export interface ToConverseOptions {
  model: ResolvedModel;
  /** http(s) images of the request, fetched beforehand so this stays a pure function. */
  images?: ReadonlyMap<string, ImageData>;
  reasoning?: ReasoningStore;
  caching?: CachingPolicy;
}

export interface ConverseTranslation {
  input: ConverseCommandInput;
  toolNames: ToolNameMap;
  /** Anthropic thinking is on: signed reasoning must be remembered for the next turn. */
  thinking: boolean;
}

export const CONTINUE_PROMPT = 'Continue.';

/** Translates an OpenAI chat completions request into a Converse request for the resolved model. */
export function toConverse(req: ChatCompletionRequest, opts: ToConverseOptions): ConverseTranslation {
  const { caps } = opts.model;
  if (req.n != null && req.n !== 1) {
    throw new ProxyError('unsupported_parameter', `'n' must be 1: Bedrock returns one choice per request (got ${req.n}).`, { param: 'n' });
  }
  const toolNames = new ToolNameMap();
  const maxTokens = capMaxTokens(req.max_completion_tokens ?? req.max_tokens ?? undefined, caps.maxOutputTokens);
  const plan = planReasoning(req, caps, maxTokens);
  let thinking = plan.thinking;

  const { system, messages } = toConverseMessages(req.messages, {
    images: opts.images ?? new Map(),
    toolNames,
    reasoning: thinking ? opts.reasoning : undefined,
  });
  // Bedrock refuses tool history for a model without tool use even with a toolConfig: flatten it (rule 10).
  if (!caps.tools) flattenToolBlocks(messages, toolNames);
  // Thinking with tools needs the signed reasoning of the turn that made the pending tool calls;
  // if it is gone (the proxy restarted), switch thinking off rather than fail the request.
  if (thinking && pendingToolTurnLacksReasoning(messages)) thinking = false;

  const tools = toolList(req, toolNames, messages);
  if (tools.length && !caps.tools && req.tools?.length) {
    throw new ProxyError('unsupported_parameter', `Model ${opts.model.modelId} does not support tool use on Bedrock; remove 'tools' or pick another model.`, { param: 'tools' });
  }
  if (messages.at(-1)!.role === 'assistant' && (!caps.prefill || thinking)) {
    messages.push({ role: 'user', content: [{ text: CONTINUE_PROMPT }] });
  } else if (messages.at(-1)!.role === 'assistant') {
    trimTrailingWhitespace(messages.at(-1)!);
  }

  const parts = { system, tools, messages };
  if (caps.caching) placeCachePoints(parts, cachingFor(req, opts.caching ?? NO_CACHING));
  else stripCachePoints(parts);

  const input: ConverseCommandInput = { modelId: opts.model.modelId, messages };
  if (system.length) input.system = system;
  const inference = inferenceConfig(req, caps, thinking ? plan.maxTokens : maxTokens, thinking);
  if (inference) input.inferenceConfig = inference;
  if (tools.length) input.toolConfig = toolConfig(tools, req, thinking, toolNames);
  const fields = { ...(thinking ? plan.fields : withoutThinking(plan.fields)), ...passthroughFields(req) };
  if (Object.keys(fields).length) input.additionalModelRequestFields = fields as ConverseCommandInput['additionalModelRequestFields'];
  const guardrail = (req as { guardrailConfig?: unknown }).guardrailConfig;
  if (guardrail && typeof guardrail === 'object') input.guardrailConfig = guardrail as ConverseCommandInput['guardrailConfig'];
  return { input, toolNames, thinking };
}

function capMaxTokens(requested: number | undefined, modelMax: number): number | undefined {
  return requested === undefined ? undefined : Math.min(requested, modelMax);
}

function inferenceConfig(req: ChatCompletionRequest, caps: ResolvedModel['caps'], maxTokens: number | undefined, thinking: boolean): InferenceConfiguration | undefined {
  const cfg: InferenceConfiguration = {};
  if (maxTokens !== undefined) cfg.maxTokens = maxTokens;
  // Thinking forbids changing temperature and top_p; Claude 4.5+ rejects both together (rule 6).
  if (!thinking) {
    if (req.temperature != null) cfg.temperature = Math.min(req.temperature, caps.maxTemperature);
    if (req.top_p != null && !(caps.temperatureOrTopP && cfg.temperature !== undefined)) cfg.topP = req.top_p;
  }
  const stops = (typeof req.stop === 'string' ? [req.stop] : req.stop ?? []).filter((s) => s.length > 0);
  if (stops.length) cfg.stopSequences = stops;
  return Object.keys(cfg).length ? cfg : undefined;
}

function toolList(req: ChatCompletionRequest, names: ToolNameMap, messages: Message[]): Tool[] {
  const historyNames = new Set(messages.flatMap((m) => m.content!.flatMap((b) => (b.toolUse ? [b.toolUse.name!] : []))));
  const historyHasTools = historyNames.size > 0 || messages.some((m) => m.content!.some((b) => b.toolResult));
  const declared = req.tool_choice === 'none' && !historyHasTools ? [] : (req.tools ?? []);
  const tools: Tool[] = [];
  for (const tool of declared) {
    tools.push(toolSpec(tool, names));
    if (tool.cache_control) tools.push(cachePointFor(tool.cache_control));
  }
  // Bedrock refuses toolUse/toolResult history without a toolConfig (rule 10): declare the tools the history used.
  if (historyHasTools) {
    const known = new Set(tools.flatMap((t) => (t.toolSpec ? [t.toolSpec.name!] : [])));
    const used = historyNames.size ? [...historyNames] : ['tool'];
    for (const name of used) {
      if (!known.has(name)) tools.push({ toolSpec: { name, description: `The ${names.original(name)} tool used earlier in this conversation.`, inputSchema: { json: { type: 'object', properties: {} } } } });
    }
  }
  return tools;
}

function toolSpec(tool: ChatTool, names: ToolNameMap): Tool {
  const fn = tool.function;
  const schema = fn.parameters && Object.keys(fn.parameters).length ? { type: 'object', ...fn.parameters } : { type: 'object', properties: {} };
  return {
    toolSpec: {
      name: names.add(fn.name),
      // Bedrock requires a non-empty description (rule 3).
      description: fn.description?.trim() ? fn.description : fn.name,
      inputSchema: { json: schema as never },
    },
  };
}

function toolConfig(tools: Tool[], req: ChatCompletionRequest, thinking: boolean, names: ToolNameMap): ToolConfiguration {
  const cfg: ToolConfiguration = { tools };
  const choice = toolChoice(req.tool_choice, names);
  // With thinking on, Claude only accepts tool choice "auto".
  if (choice && !(thinking && !choice.auto)) cfg.toolChoice = choice;
  return cfg;
}

function toolChoice(choice: ChatCompletionRequest['tool_choice'], names: ToolNameMap): ToolChoice | undefined {
  if (!choice || choice === 'none') return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required' || choice === 'any') return { any: {} };
  return { tool: { name: names.add(choice.function.name) } };
}

function pendingToolTurnLacksReasoning(messages: Message[]): boolean {
  const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant');
  if (!lastAssistant || !lastAssistant.content!.some((b) => b.toolUse)) return false;
  if (messages.at(-1)!.role !== 'user' || !messages.at(-1)!.content!.some((b) => b.toolResult)) return false;
  return !lastAssistant.content![0].reasoningContent;
}

function trimTrailingWhitespace(msg: Message): void {
  // Prefill must not end in whitespace (Anthropic rejects it).
  const last = msg.content!.at(-1);
  if (last?.text) msg.content![msg.content!.length - 1] = { text: last.text.trimEnd() };
}

function withoutThinking(fields: Record<string, unknown>): Record<string, unknown> {
  const { thinking: _thinking, ...rest } = fields;
  return rest;
}

function cachingFor(req: ChatCompletionRequest, defaults: CachingPolicy): CachingPolicy {
  const override = req.prompt_caching;
  if (typeof override === 'boolean') return { system: override, tools: override, conversation: override };
  if (override && typeof override === 'object') return { ...defaults, ...(override as Partial<CachingPolicy>) };
  return defaults;
}

// Power users can send Bedrock's own fields through extra_body.
function passthroughFields(req: ChatCompletionRequest): Record<string, unknown> {
  const extra = (req as { additionalModelRequestFields?: unknown }).additionalModelRequestFields;
  return extra && typeof extra === 'object' && !Array.isArray(extra) ? (extra as Record<string, unknown>) : {};
}
