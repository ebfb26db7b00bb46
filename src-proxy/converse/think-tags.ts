// Some models on Bedrock (gpt-oss, Qwen, DeepSeek distills) write their reasoning into the text
// inside <think>…</think> or <reasoning>…</reasoning>. Clients want it as reasoning_content, never
// as tags inside content (rule 5). This splitter works on streamed fragments: a tag may arrive
// cut in two, so a possible partial tag at the end of a fragment is held back.

const OPEN = ['<think>', '<reasoning>'];
const CLOSE = ['</think>', '</reasoning>'];

/** Where the splitter is between fragments. */
export interface TagState {
  inside: boolean;
  pending: string;
  /** Just left the reasoning: the blank line before the answer is not content. */
  trimNext: boolean;
}

export interface SplitText {
  reasoning: string;
  content: string;
}

/** A fresh splitter state. */
export function newTagState(): TagState {
  return { inside: false, pending: '', trimNext: false };
}

/** Splits one fragment into reasoning and content; text that might start a tag is kept for the next call. */
export function splitTags(state: TagState, fragment: string): SplitText {
  const out: SplitText = { reasoning: '', content: '' };
  let buf = state.pending + fragment;
  state.pending = '';
  for (;;) {
    const tags = state.inside ? CLOSE : OPEN;
    const hit = earliest(buf, tags);
    if (hit) {
      emit(out, state, buf.slice(0, hit.index));
      buf = buf.slice(hit.index + hit.tag.length);
      state.trimNext = state.inside;
      state.inside = !state.inside;
      continue;
    }
    const keep = partialTagLength(buf, tags);
    emit(out, state, buf.slice(0, buf.length - keep));
    state.pending = buf.slice(buf.length - keep);
    return out;
  }
}

/** Releases whatever was held back at the end of the text. */
export function flushTags(state: TagState): SplitText {
  const out: SplitText = { reasoning: '', content: '' };
  emit(out, state, state.pending);
  state.pending = '';
  return out;
}

/** Splits a whole text at once (non-streamed answers). */
export function splitAll(text: string): SplitText {
  const state = newTagState();
  const a = splitTags(state, text);
  const b = flushTags(state);
  return { reasoning: (a.reasoning + b.reasoning).trim(), content: a.content + b.content };
}

function emit(out: SplitText, state: TagState, text: string): void {
  if (state.inside) {
    out.reasoning += text;
    return;
  }
  if (state.trimNext) {
    text = text.replace(/^\s+/, '');
    if (text) state.trimNext = false;
  }
  out.content += text;
}

function earliest(buf: string, tags: string[]): { index: number; tag: string } | undefined {
  let best: { index: number; tag: string } | undefined;
  for (const tag of tags) {
    const index = buf.indexOf(tag);
    if (index >= 0 && (!best || index < best.index)) best = { index, tag };
  }
  return best;
}

function partialTagLength(buf: string, tags: string[]): number {
  const lt = buf.lastIndexOf('<');
  if (lt < 0) return 0;
  const tail = buf.slice(lt);
  return tags.some((t) => t.startsWith(tail)) ? tail.length : 0;
}
