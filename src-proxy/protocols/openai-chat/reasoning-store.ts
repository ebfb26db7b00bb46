import type { NeutralBlock as ContentBlock } from '../../converse/neutral';

// OpenAI clients do not echo reasoning back, but Claude with thinking on requires the signed
// reasoning block of the assistant turn that made tool calls to come back with it (rule 5).
// We keep those blocks, keyed by tool call id, in a bounded LRU.

/** Remembers the signed reasoning blocks of assistant turns that made tool calls. */
export class ReasoningStore {
  private readonly entries = new Map<string, ContentBlock[]>();

  constructor(private readonly capacity = 2000) {}

  /** Stores the reasoning blocks under every tool call id of the turn. */
  remember(toolCallIds: string[], blocks: ContentBlock[]): void {
    if (blocks.length === 0) return;
    for (const id of toolCallIds) {
      this.entries.delete(id);
      this.entries.set(id, blocks);
    }
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** The reasoning blocks of the turn that made this tool call, if still remembered. */
  recall(toolCallId: string): ContentBlock[] | undefined {
    return this.entries.get(toolCallId);
  }

  get size(): number {
    return this.entries.size;
  }
}
