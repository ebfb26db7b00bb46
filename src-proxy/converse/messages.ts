import type { ContentBlock, Message, SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { ProxyError } from '../errors';
import { isBlank } from './media';
import type { NeutralBlock, NeutralMessage } from './neutral';
import type { ToolNameMap } from './tool-names';

export const EMPTY_TOOL_RESULT = '(the tool returned no output)';
export const UNANSWERED_TOOL_CALL = '(no result: this tool call was not answered)';
export const CONVERSATION_START = '(conversation start)';

/**
 * Neutral messages to the strictly alternating messages Converse takes (rules 3, 4, 11, 13):
 * blank text dropped (with a cache point that then marks nothing), empty tool results given a
 * placeholder, tool names made Bedrock-safe, same-role turns merged, tool pairs repaired, and a
 * conversation that opens with the assistant given a user turn first. Only changed blocks are copied.
 */
export function toConverseMessages(input: readonly NeutralMessage[], toolNames: ToolNameMap, opts: { keepReasoning?: boolean } = {}): Message[] {
  const raw: Message[] = [];
  const keepReasoning = opts.keepReasoning ?? true;
  for (const msg of input) {
    const content = cleanBlocks(msg.content, toolNames, keepReasoning);
    if (content.length > 0) raw.push({ role: msg.role, content });
  }
  const messages = pairToolBlocks(mergeSameRole(raw));
  if (messages.length === 0) {
    throw new ProxyError('invalid_request', "'messages' must hold at least one user or assistant message with content.", { param: 'messages' });
  }
  if (messages[0].role === 'assistant') messages.unshift({ role: 'user', content: [{ text: CONVERSATION_START }] });
  return messages;
}

/** The system prompt without blank text blocks (Bedrock rejects them). */
export function toConverseSystem(system: readonly SystemContentBlock[]): SystemContentBlock[] {
  return system.some((b) => b.text !== undefined && isBlank(b.text)) ? dropBlank(system) : (system as SystemContentBlock[]);
}

function dropBlank<T extends { text?: string; cachePoint?: unknown }>(blocks: readonly T[]): T[] {
  const out: T[] = [];
  let dropped = false;
  for (const b of blocks) {
    if (b.text !== undefined && isBlank(b.text)) dropped = true;
    // A cache point right after a dropped block, or first, marks nothing of its own.
    else if (b.cachePoint && (dropped || out.length === 0)) continue;
    else {
      out.push(b);
      dropped = false;
    }
  }
  return out;
}

// Reasoning in history only goes back to models that sign it (Claude); another model behind the
// same name (an alias switched to Qwen) would refuse it.
function cleanBlocks(blocks: readonly NeutralBlock[], toolNames: ToolNameMap, keepReasoning: boolean): ContentBlock[] {
  let out: ContentBlock[] | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    let next: ContentBlock | undefined = b;
    if (b.text !== undefined && isBlank(b.text)) next = undefined;
    else if (b.reasoningContent && !keepReasoning) next = undefined;
    else if (b.toolUse) {
      const safe = toolNames.add(b.toolUse.name!);
      if (safe !== b.toolUse.name) next = { toolUse: { ...b.toolUse, name: safe } };
    } else if (b.toolResult) {
      const parts = b.toolResult.content ?? [];
      const kept = parts.filter((p) => !(p.text !== undefined && isBlank(p.text)));
      if (kept.length === 0) next = { toolResult: { ...b.toolResult, content: [{ text: EMPTY_TOOL_RESULT }] } };
      else if (kept.length !== parts.length) next = { toolResult: { ...b.toolResult, content: kept } };
    }
    if (next !== b && !out) out = blocks.slice(0, i) as ContentBlock[];
    if (out && next) out.push(next);
  }
  const cleaned = out ?? (blocks as ContentBlock[]);
  return out ? dropBlank(cleaned) : cleaned;
}

/** Merges consecutive messages of the same role; tool results go first in a user message, reasoning in an assistant one (rule 4). */
export function mergeSameRole(messages: Message[]): Message[] {
  const out: Message[] = [];
  for (const msg of messages) {
    const last = out.at(-1);
    if (last && last.role === msg.role) last.content = [...last.content!, ...msg.content!];
    else out.push({ role: msg.role, content: [...msg.content!] });
  }
  // Tool results lead a user message; signed reasoning leads an assistant message (Claude requires it, rule 5).
  for (const msg of out) {
    const leads = (b: ContentBlock): boolean => Boolean(msg.role === 'user' ? b.toolResult : b.reasoningContent);
    if (msg.content!.some(leads)) msg.content = [...msg.content!.filter(leads), ...msg.content!.filter((b) => !leads(b))];
  }
  return out;
}

/**
 * Makes every toolUse answered by a toolResult in the next message and every toolResult answer a
 * toolUse: clients that trim long histories break these pairs, and Bedrock rejects broken pairs.
 */
export function pairToolBlocks(messages: Message[]): Message[] {
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i];
    if (msg.role === 'user') {
      const prev = messages[i - 1];
      const asked = new Set((prev?.role === 'assistant' ? prev.content! : []).flatMap((b) => (b.toolUse ? [b.toolUse.toolUseId!] : [])));
      msg.content = msg.content!.map((b) => (b.toolResult && !asked.has(b.toolResult.toolUseId!) ? orphanResultAsText(b) : b));
      continue;
    }
    const ids = msg.content!.flatMap((b) => (b.toolUse ? [b.toolUse.toolUseId!] : []));
    if (ids.length === 0) continue;
    let next = messages[i + 1];
    if (!next) {
      next = { role: 'user', content: [] };
      messages.push(next);
    }
    const answered = new Set(next.content!.flatMap((b) => (b.toolResult ? [b.toolResult.toolUseId!] : [])));
    const missing: ContentBlock[] = ids
      .filter((id) => !answered.has(id))
      .map((id) => ({ toolResult: { toolUseId: id, content: [{ text: UNANSWERED_TOOL_CALL }], status: 'error' } }));
    if (missing.length) next.content = [...next.content!.filter((b) => b.toolResult), ...missing, ...next.content!.filter((b) => !b.toolResult)];
  }
  return messages;
}

/** Rewrites toolUse/toolResult blocks as text, for models without tool use that still get tool history (rule 10). */
export function flattenToolBlocks(messages: Message[], names: ToolNameMap): void {
  for (const m of messages) {
    m.content = m.content!.map((b) => {
      if (b.toolUse) return { text: `Called tool ${names.original(b.toolUse.name!)} (call ${b.toolUse.toolUseId}) with arguments ${JSON.stringify(b.toolUse.input ?? {})}` };
      return b.toolResult ? orphanResultAsText(b) : b;
    });
  }
}

function orphanResultAsText(block: ContentBlock): ContentBlock {
  const text = block.toolResult!.content!.map((c) => c.text ?? (c.json ? JSON.stringify(c.json) : '[image]')).join('\n');
  return { text: `Result of tool call ${block.toolResult!.toolUseId}:\n${text}` };
}
