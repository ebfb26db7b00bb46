import type { ContentBlock, Message, SystemContentBlock, ToolResultContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import { ProxyError } from '../errors';
import type { ChatMessage, ContentPart } from '../schemas/openai-chat';
import { contentBlocks, imageBlock, imageUrlOf, isBlank, type ImageData } from './content';
import type { ReasoningStore } from './reasoning-store';
import type { ToolNameMap } from './tool-names';

export const EMPTY_TOOL_RESULT = '(the tool returned no output)';
export const UNANSWERED_TOOL_CALL = '(no result: this tool call was not answered)';
export const CONVERSATION_START = '(conversation start)';

export interface MessageContext {
  images: ReadonlyMap<string, ImageData>;
  toolNames: ToolNameMap;
  /** Where to find signed reasoning for earlier tool calls; only when thinking is on. */
  reasoning?: ReasoningStore;
}

/** OpenAI messages to Converse system blocks and strictly alternating messages (rules 3, 4, 13). */
export function toConverseMessages(input: ChatMessage[], ctx: MessageContext): { system: SystemContentBlock[]; messages: Message[] } {
  const system: SystemContentBlock[] = [];
  const raw: Message[] = [];
  input.forEach((msg, i) => {
    const param = `messages[${i}].content`;
    switch (msg.role) {
      case 'system':
      case 'developer':
        // Bedrock has one system prompt; system turns anywhere in the history join it, in order.
        for (const block of contentBlocks(msg.content, ctx.images, param)) {
          if ('text' in block || 'cachePoint' in block) system.push(block as SystemContentBlock);
          else throw new ProxyError('invalid_request', `'${param}': a system message can only hold text.`, { param });
        }
        break;
      case 'user':
        raw.push({ role: 'user', content: contentBlocks(msg.content, ctx.images, param) as ContentBlock[] });
        break;
      case 'assistant':
        raw.push({ role: 'assistant', content: assistantBlocks(msg, ctx, param) });
        break;
      case 'tool':
        raw.push({ role: 'user', content: [toolResultBlock(msg.tool_call_id, msg.content, ctx.images, param)] });
        break;
    }
  });
  const messages = pairToolBlocks(mergeSameRole(raw.filter((m) => m.content!.length > 0)));
  if (messages.length === 0) {
    throw new ProxyError('invalid_request', "'messages' must hold at least one user or assistant message with content.", { param: 'messages' });
  }
  if (messages[0].role === 'assistant') messages.unshift({ role: 'user', content: [{ text: CONVERSATION_START }] });
  return { system, messages };
}

function assistantBlocks(msg: Extract<ChatMessage, { role: 'assistant' }>, ctx: MessageContext, param: string): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  const calls = msg.tool_calls ?? [];
  if (ctx.reasoning && calls.length > 0) {
    const remembered = ctx.reasoning.recall(calls[0].id);
    if (remembered) blocks.push(...remembered);
  }
  blocks.push(...(contentBlocks(msg.content, ctx.images, param) as ContentBlock[]));
  for (const call of calls) {
    blocks.push({ toolUse: { toolUseId: call.id, name: ctx.toolNames.add(call.function.name), input: parseArguments(call.function.arguments) as DocumentType } });
  }
  return blocks;
}

// Tool arguments in history may be empty or (from a weak model) not JSON; Bedrock needs an object.
function parseArguments(args: string | null | undefined): Record<string, unknown> {
  if (isBlank(args)) return {};
  try {
    const parsed = JSON.parse(args!);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { value: parsed };
  } catch {
    return { _unparsed_arguments: args };
  }
}

function toolResultBlock(id: string, content: string | ContentPart[] | null, images: ReadonlyMap<string, ImageData>, param: string): ContentBlock {
  const parts: ToolResultContentBlock[] = [];
  if (typeof content === 'string') {
    if (!isBlank(content)) parts.push({ text: content });
  } else if (content) {
    content.forEach((part, i) => {
      if (part.type === 'text' && !isBlank((part as { text: string }).text)) parts.push({ text: (part as { text: string }).text });
      if (part.type === 'image_url') {
        const block = imageBlock(imageUrlOf(part as { image_url: string | { url: string } }), images, `${param}[${i}]`);
        parts.push({ image: block.image! });
      }
    });
  }
  if (parts.length === 0) parts.push({ text: EMPTY_TOOL_RESULT });
  return { toolResult: { toolUseId: id, content: parts } };
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
