import type { ContentBlock, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { NeutralResponse } from './neutral';
import { splitAll } from './think-tags';
import type { ToolNameMap } from './tool-names';

/**
 * A Converse answer in neutral form: tool names back to the client's, reasoning that a model wrote
 * inside <think> tags moved into a reasoning block (rule 5). Untouched blocks are not copied.
 */
export function fromConverseOutput(out: ConverseCommandOutput, toolNames: ToolNameMap, opts: { reasoningTags?: boolean } = {}): NeutralResponse {
  const source = out.output?.message?.content ?? [];
  const content: ContentBlock[] = [];
  let reasoningChars = 0;
  for (const block of source) {
    if (block.toolUse && toolNames.original(block.toolUse.name!) !== block.toolUse.name) {
      content.push({ toolUse: { ...block.toolUse, name: toolNames.original(block.toolUse.name!) } });
    } else if (block.text !== undefined && opts.reasoningTags && block.text.includes('<')) {
      const split = splitAll(block.text);
      if (split.reasoning) {
        reasoningChars += split.reasoning.length;
        content.push({ reasoningContent: { reasoningText: { text: split.reasoning } } });
      }
      content.push({ text: split.content });
    } else {
      if (block.reasoningContent?.reasoningText) reasoningChars += block.reasoningContent.reasoningText.text?.length ?? 0;
      content.push(block);
    }
  }
  return { content, stopReason: out.stopReason, usage: out.usage, reasoningChars };
}

/** The signed reasoning blocks of an answer (what must come back with its tool results). */
export function reasoningBlocksOf(content: readonly ContentBlock[]): ContentBlock[] {
  return content.filter((b) => b.reasoningContent);
}
