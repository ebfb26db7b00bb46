// Converse request checks with Bedrock's own error messages (as seen in the wild), so that a
// proxy bug shows up here the way it would against AWS.
import { regionGeos, requiresInferenceProfile, splitProfilePrefix } from './catalog';

const BLOCK_KEYS = new Set([
  'text', 'image', 'document', 'video', 'audio', 'toolUse', 'toolResult', 'guardContent',
  'cachePoint', 'reasoningContent', 'citationsContent', 'searchResult',
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
// Claude's request rules go by version, as Bedrock applies them to ids it has never listed too:
// claude-<tier>-<major>[-<minor>], where a date (claude-opus-4-20250514) is no minor version.
const CLAUDE_VERSION = /anthropic\.claude-[a-z]+-(\d{1,2})(?:-(\d{1,2}))?(?!\d)/;
const THINKING_DOC = 'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

/** Error message for a model id Bedrock would refuse, or undefined. */
export function checkModelId(modelId: string, region: string | undefined): string | undefined {
  if (!modelId.trim()) return 'The provided model identifier is invalid.';
  if (requiresInferenceProfile(modelId)) {
    return `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
  }
  const { prefix } = splitProfilePrefix(modelId);
  // A geography profile is only callable from its own geography (us. from us-*, eu. from eu-*, jp. from Japan).
  if (region && prefix && ['us', 'eu', 'apac', 'jp', 'au'].includes(prefix) && !(regionGeos(region) as string[]).includes(prefix)) {
    return 'The provided model identifier is invalid.';
  }
  return undefined;
}

function keysOf(block: unknown): string[] {
  if (!block || typeof block !== 'object' || Array.isArray(block)) return [];
  return Object.keys(block).filter((k) => (block as Record<string, unknown>)[k] !== undefined);
}

function countCachePoints(list: unknown): number {
  return Array.isArray(list) ? list.filter((b) => b && typeof b === 'object' && 'cachePoint' in b).length : 0;
}

function thinkingConfig(body: any): { budget?: number } | undefined {
  const t = body?.additionalModelRequestFields?.thinking;
  if (t && typeof t === 'object' && (t.type === 'enabled' || t.type === 'adaptive')) return { budget: t.budget_tokens };
  return undefined;
}

/** Error message for a Converse/ConverseStream body Bedrock would refuse, or undefined. */
export function validateConverse(body: any, modelId: string): string | undefined {
  if (!body || typeof body !== 'object') return 'Malformed input request, please reformat your input and try again.';
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  }
  let cachePoints = countCachePoints(body.system) + countCachePoints(body.toolConfig?.tools);
  let toolBlocks = false;
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i];
    if (msg?.role !== 'user' && msg?.role !== 'assistant') {
      return `1 validation error detected: Value '${msg?.role}' at 'messages.${i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`;
    }
    if (!Array.isArray(msg.content) || msg.content.length === 0) {
      return `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`;
    }
    for (let j = 0; j < msg.content.length; j++) {
      const block = msg.content[j];
      const keys = keysOf(block);
      if (keys.length !== 1 || !BLOCK_KEYS.has(keys[0])) {
        return `The ContentBlock object at messages.${i}.content.${j} must set exactly one of: ${[...BLOCK_KEYS].join(', ')}. Found: [${keys.join(', ')}].`;
      }
      if (keys[0] === 'text' && (typeof block.text !== 'string' || block.text.trim() === '')) {
        return `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`;
      }
      if (keys[0] === 'cachePoint') cachePoints++;
      if (keys[0] === 'toolUse' || keys[0] === 'toolResult') toolBlocks = true;
    }
    if (i === 0 && msg.role !== 'user') {
      return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
    }
    if (i > 0 && messages[i - 1]?.role === msg.role) {
      return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    }
  }
  if (cachePoints > 4) {
    return `The model returned the following errors: A maximum of 4 blocks with cache_control may be provided. Found ${cachePoints}.`;
  }
  return (
    checkToolConfig(body, toolBlocks) ??
    checkToolPairs(messages) ??
    checkInferenceConfig(body, modelId) ??
    checkThinking(body, modelId, messages)
  );
}

function checkToolConfig(body: any, toolBlocks: boolean): string | undefined {
  const config = body.toolConfig;
  if (config === undefined || config === null) {
    return toolBlocks ? 'The toolConfig field must be defined when using toolUse and toolResult content blocks.' : undefined;
  }
  if (!Array.isArray(config.tools) || config.tools.length === 0) {
    return "1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1";
  }
  for (let i = 0; i < config.tools.length; i++) {
    const spec = config.tools[i]?.toolSpec;
    if (!spec) continue;
    const name = spec.name;
    if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
      return `1 validation error detected: Value '${name}' at 'toolConfig.tools.${i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+ and Member must have length less than or equal to 64`;
    }
  }
  return undefined;
}

function toolUseIds(message: any): string[] {
  if (message?.role !== 'assistant') return [];
  return message.content.filter((b: any) => b?.toolUse).map((b: any) => String(b.toolUse.toolUseId));
}

function checkToolPairs(messages: any[]): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i];
    if (msg.role !== 'user') continue;
    const expected = i > 0 ? toolUseIds(messages[i - 1]) : [];
    const results: { id: string; j: number }[] = [];
    msg.content.forEach((b: any, j: number) => {
      if (b?.toolResult) results.push({ id: String(b.toolResult.toolUseId), j });
    });
    for (const r of results) {
      if (!expected.includes(r.id)) {
        return `The model returned the following errors: messages.${i}.content.${r.j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${r.id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    const missing = expected.filter((id) => !results.some((r) => r.id === id));
    if (missing.length) {
      return `Expected toolResult blocks at messages.${i}.content for the following Ids: ${missing.join(', ')}`;
    }
  }
  return undefined;
}

/** A Claude model's version as major * 100 + minor (4.5 -> 405, 5 -> 500), or undefined for other models and Claude 3.x. */
export function claudeVersion(modelId: string): number | undefined {
  const m = CLAUDE_VERSION.exec(modelId);
  return m ? Number(m[1]) * 100 + Number(m[2] ?? 0) : undefined;
}

function checkInferenceConfig(body: any, modelId: string): string | undefined {
  const ic = body.inferenceConfig && typeof body.inferenceConfig === 'object' ? body.inferenceConfig : {};
  const version = claudeVersion(modelId) ?? 0;
  // 4.7 and later: sampling is the model's own; any of the three is refused.
  if (version >= 407) {
    const named = ic.temperature !== undefined ? 'temperature' : ic.topP !== undefined ? 'top_p' : body.additionalModelRequestFields?.top_k !== undefined ? 'top_k' : undefined;
    if (named) return `The model returned the following errors: \`${named}\` is deprecated for this model.`;
  }
  if (version >= 405 && ic.temperature !== undefined && ic.topP !== undefined) {
    return 'The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.';
  }
  return undefined;
}

function checkThinking(body: any, modelId: string, messages: any[]): string | undefined {
  const thinking = thinkingConfig(body);
  if (!thinking || !modelId.includes('anthropic.claude')) return undefined;
  if ((claudeVersion(modelId) ?? 0) >= 407 && body.additionalModelRequestFields.thinking.type === 'enabled') {
    return 'The model returned the following errors: "thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.';
  }
  const ic = body.inferenceConfig ?? {};
  if (ic.temperature !== undefined && ic.temperature !== 1) {
    return `The model returned the following errors: temperature may only be set to 1 when thinking is enabled. ${THINKING_DOC}#important-considerations-when-using-extended-thinking`;
  }
  if (thinking.budget !== undefined) {
    if (thinking.budget < 1024) {
      return 'The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    }
    if (ic.maxTokens !== undefined && ic.maxTokens <= thinking.budget) {
      return `The model returned the following errors: \`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${THINKING_DOC}#max-tokens-and-context-window-size`;
    }
  }
  // The assistant turn whose tool calls the final user message answers must open with its
  // reasoning block, signed, as the model produced it.
  const last = messages.length - 1;
  const answersTools = messages[last]?.role === 'user' && messages[last].content.some((b: any) => b?.toolResult);
  if (answersTools && last > 0) {
    const first = messages[last - 1].content[0];
    if (!first?.reasoningContent) {
      const found = first?.toolUse ? 'tool_use' : first?.text !== undefined ? 'text' : keysOf(first)[0];
      return `The model returned the following errors: messages.${last - 1}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. ${THINKING_DOC}`;
    }
  }
  return undefined;
}
