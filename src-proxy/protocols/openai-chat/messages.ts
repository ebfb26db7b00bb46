import type { DocumentType } from '@smithy/types';
import { ProxyError } from '../../errors';
import type { ImageData } from '../../converse/media';
import { parseToolArguments } from '../../converse/tool-arguments';
import type { NeutralBlock, NeutralMessage, NeutralSystemBlock, NeutralToolResultPart } from '../../converse/neutral';
import { contentBlocks, imageBlock, imageUrlOf } from './content';
import type { ReasoningStore } from './reasoning-store';
import type { ChatMessage, ContentPart } from './schema';

export interface MessageContext {
  images: ReadonlyMap<string, ImageData>;
  /** Where to find signed reasoning for earlier tool calls; only when thinking is on. */
  reasoning?: ReasoningStore;
}

/** OpenAI messages to the neutral system prompt and turns; `developer` and `system` anywhere join the system prompt (rule 4). */
export function chatMessagesToNeutral(input: ChatMessage[], ctx: MessageContext): { system: NeutralSystemBlock[]; messages: NeutralMessage[] } {
  const system: NeutralSystemBlock[] = [];
  const messages: NeutralMessage[] = [];
  input.forEach((msg, i) => {
    const param = `messages[${i}].content`;
    // OpenAI refuses these too; blank text is another matter: it is dropped (rule 3).
    if (msg.role !== 'assistant' && msg.role !== 'tool' && (msg.content === null || (Array.isArray(msg.content) && msg.content.length === 0))) {
      throw new ProxyError('invalid_request', `'${param}' is ${msg.content === null ? 'null' : 'an empty array'}; a ${msg.role} message needs text or at least one content part.`, { param });
    }
    switch (msg.role) {
      case 'system':
      case 'developer':
        // Bedrock has one system prompt; system turns anywhere in the history join it, in order.
        for (const block of contentBlocks(msg.content, ctx.images, param)) {
          if ('text' in block || 'cachePoint' in block) system.push(block as NeutralSystemBlock);
          else throw new ProxyError('invalid_request', `'${param}': a system message can only hold text.`, { param });
        }
        break;
      case 'user':
        messages.push({ role: 'user', content: contentBlocks(msg.content, ctx.images, param) });
        break;
      case 'assistant':
        messages.push({ role: 'assistant', content: assistantBlocks(msg, ctx, param) });
        break;
      case 'tool':
        messages.push({ role: 'user', content: [toolResultBlock(msg.tool_call_id, msg.content, ctx.images, param)] });
        break;
    }
  });
  return { system, messages };
}

function assistantBlocks(msg: Extract<ChatMessage, { role: 'assistant' }>, ctx: MessageContext, param: string): NeutralBlock[] {
  const calls = msg.tool_calls ?? [];
  const text = contentBlocks(msg.content, ctx.images, param);
  if (calls.length === 0) return text;
  const blocks: NeutralBlock[] = [];
  // Chat clients do not echo reasoning: the signed blocks of this turn come from the store (rule 5).
  if (ctx.reasoning) {
    const remembered = ctx.reasoning.recall(calls[0].id);
    if (remembered) blocks.push(...remembered);
  }
  blocks.push(...text);
  for (const call of calls) {
    blocks.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parseToolArguments(call.function.arguments) as DocumentType } });
  }
  return blocks;
}

function toolResultBlock(id: string, content: string | ContentPart[] | null, images: ReadonlyMap<string, ImageData>, param: string): NeutralBlock {
  const parts: NeutralToolResultPart[] = [];
  if (typeof content === 'string') {
    parts.push({ text: content });
  } else if (content) {
    content.forEach((part, i) => {
      if (part.type === 'text') parts.push({ text: (part as { text: string }).text });
      if (part.type === 'image_url') {
        const block = imageBlock(imageUrlOf(part as { image_url: string | { url: string } }), images, `${param}[${i}]`);
        parts.push({ image: block.image! });
      }
    });
  }
  // Blank parts are dropped and an empty result gets its placeholder in the core (rule 3).
  return { toolResult: { toolUseId: id, content: parts } };
}
