import type { ConverseCommandInput, InferenceConfiguration, Message, Tool, ToolChoice, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { ProxyError } from '../errors';
import type { ResolvedModel } from '../models/resolve';
import { NO_CACHING, placeCachePoints, stripCachePoints, type CachingPolicy } from './cache-points';
import { cachePointFor } from './media';
import { flattenToolBlocks, toConverseMessages, toConverseSystem } from './messages';
import type { NeutralRequest, NeutralTool, NeutralToolChoice } from './neutral';
import { planReasoning } from './reasoning';
import { ToolNameMap } from './tool-names';

export interface ConverseOptions {
  model: ResolvedModel;
  /** The user's caching defaults for this model. */
  caching?: CachingPolicy;
}

export interface ConverseTranslation {
  input: ConverseCommandInput;
  toolNames: ToolNameMap;
  /** Anthropic thinking is on: signed reasoning must come back with the next tool turn. */
  thinking: boolean;
  /** max_tokens was above the model's output limit and was lowered to it. */
  clampedMaxTokens?: { asked: number; sent: number };
  /** Cache points beyond Bedrock's four that were dropped (the oldest conversation ones first). */
  droppedCachePoints?: number;
}

export const CONTINUE_PROMPT = 'Continue.';

// Meta keys of JSON Schema that Bedrock's tool schemas do not need (Claude Code sends draft 2020-12's $schema, rule 17).
const SCHEMA_META = new Set(['$schema', '$id', '$comment']);

/** The one mapping from a neutral request to Converse, with every Bedrock rule applied for the resolved model. */
export function toConverseRequest(req: NeutralRequest, opts: ConverseOptions): ConverseTranslation {
  const { caps } = opts.model;
  const toolNames = new ToolNameMap();
  const maxTokens = req.maxTokens === undefined ? undefined : Math.min(req.maxTokens, caps.maxOutputTokens);
  const plan = planReasoning(req.reasoning, caps, maxTokens);
  let thinking = plan.thinking;

  const system = toConverseSystem(req.system);
  const messages = toConverseMessages(req.messages, toolNames, { keepReasoning: caps.reasoning === 'anthropic' });
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
  const dropped = caps.caching ? placeCachePoints(parts, cachingFor(req, opts.caching ?? NO_CACHING)) : (stripCachePoints(parts), 0);

  const input: ConverseCommandInput = { modelId: opts.model.modelId, messages };
  if (system.length) input.system = system;
  const inference = inferenceConfig(req, opts.model.caps, thinking ? plan.maxTokens : maxTokens, thinking);
  if (inference) input.inferenceConfig = inference;
  if (tools.length) input.toolConfig = toolConfig(tools, req.toolChoice, thinking, toolNames);
  const claude = opts.model.caps.family.startsWith('claude') ? { ...topK(req, thinking || opts.model.caps.samplingParams === false), ...claudeFields(req, thinking) } : {};
  const fields = { ...(thinking ? plan.fields : withoutThinking(plan.fields)), ...claude, ...req.extraFields };
  if (Object.keys(fields).length) input.additionalModelRequestFields = fields as ConverseCommandInput['additionalModelRequestFields'];
  if (req.guardrailConfig && typeof req.guardrailConfig === 'object') input.guardrailConfig = req.guardrailConfig as ConverseCommandInput['guardrailConfig'];
  const clamped = req.maxTokens !== undefined && maxTokens !== req.maxTokens ? { asked: req.maxTokens, sent: maxTokens! } : undefined;
  return { input, toolNames, thinking, ...(clamped ? { clampedMaxTokens: clamped } : {}), ...(dropped ? { droppedCachePoints: dropped } : {}) };
}

function inferenceConfig(req: NeutralRequest, caps: ResolvedModel['caps'], maxTokens: number | undefined, thinking: boolean): InferenceConfiguration | undefined {
  const cfg: InferenceConfiguration = {};
  if (maxTokens !== undefined) cfg.maxTokens = maxTokens;
  // Thinking forbids changing temperature and top_p; Claude 4.5+ rejects both together (rule 6).
  // Claude 4.7 and later refuse every sampling parameter (samplingParams: false).
  if (!thinking && caps.samplingParams !== false) {
    if (req.temperature != null) cfg.temperature = Math.min(req.temperature, caps.maxTemperature);
    if (req.topP != null && !(caps.temperatureOrTopP && cfg.temperature !== undefined)) cfg.topP = req.topP;
  }
  const stops = (req.stopSequences ?? []).filter((s) => s.length > 0);
  if (stops.length) cfg.stopSequences = stops;
  return Object.keys(cfg).length ? cfg : undefined;
}

// Converse has no top_k; Claude takes it as a model field (and not with thinking on, like temperature).
function topK(req: NeutralRequest, thinking: boolean): Record<string, unknown> {
  return req.topK != null && !thinking ? { top_k: req.topK } : {};
}

// Claude-only request fields (anthropic_beta, output_config, context_management) go to Claude
// models only; context_management edits that clear thinking only make sense with thinking on.
function claudeFields(req: NeutralRequest, thinking: boolean): Record<string, unknown> {
  const fields = req.claudeFields;
  if (!fields) return {};
  if (thinking || !fields.context_management) return fields;
  const { context_management: _cm, ...rest } = fields;
  return rest;
}

function toolList(req: NeutralRequest, names: ToolNameMap, messages: Message[]): Tool[] {
  const historyNames = new Set(messages.flatMap((m) => m.content!.flatMap((b) => (b.toolUse ? [b.toolUse.name!] : []))));
  const historyHasTools = historyNames.size > 0 || messages.some((m) => m.content!.some((b) => b.toolResult));
  const declared = req.toolChoice === 'none' && !historyHasTools ? [] : (req.tools ?? []);
  const tools: Tool[] = [];
  for (const tool of declared) {
    tools.push(toolSpec(tool, names));
    if (tool.cache) tools.push(cachePointFor(tool.cache));
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

function toolSpec(tool: NeutralTool, names: ToolNameMap): Tool {
  return {
    toolSpec: {
      name: names.add(tool.name),
      // Bedrock requires a non-empty description (rule 3).
      description: tool.description?.trim() ? tool.description : tool.name,
      inputSchema: { json: toolSchema(tool.schema) as never },
    },
  };
}

/** The root of a tool schema as Bedrock takes it: an object, without JSON Schema meta keys (rule 17). */
export function toolSchema(schema: Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (!schema || Object.keys(schema).length === 0) return { type: 'object', properties: {} };
  let meta = false;
  for (const key in schema) if (SCHEMA_META.has(key)) meta = true;
  if (!meta) return { type: 'object', ...schema };
  const out: Record<string, unknown> = { type: 'object' };
  for (const key in schema) if (!SCHEMA_META.has(key)) out[key] = schema[key];
  return out;
}

function toolConfig(tools: Tool[], asked: NeutralToolChoice | undefined, thinking: boolean, names: ToolNameMap): ToolConfiguration {
  const cfg: ToolConfiguration = { tools };
  const choice = toolChoice(asked, names);
  // With thinking on, Claude only accepts tool choice "auto".
  if (choice && !(thinking && !choice.auto)) cfg.toolChoice = choice;
  return cfg;
}

function toolChoice(choice: NeutralToolChoice | undefined, names: ToolNameMap): ToolChoice | undefined {
  if (!choice || choice === 'none') return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'any') return { any: {} };
  return { tool: { name: names.add(choice.tool) } };
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

function cachingFor(req: NeutralRequest, defaults: CachingPolicy): CachingPolicy {
  const override = req.caching;
  if (typeof override === 'boolean') return { system: override, tools: override, conversation: override };
  if (override && typeof override === 'object') return { ...defaults, ...override };
  return defaults;
}
