import type { SseFrame, StreamEncoder } from '../../converse/runner';
import type { NeutralBlock, NeutralEvent } from '../../converse/neutral';
import type { StreamAccumulator } from '../../converse/stream-accumulator';
import { JSON_ANSWER_TOOL } from '../../converse/structured-output';
import type { ProxyError } from '../../errors';
import {
  customInput, forClient, messageItem, newId, reasoningItem, responseObject, responsesUsage, statusOf, toolCallItem, withoutSealed,
  type OutputItem, type RenderContext, type ResponseObject,
} from './response-object';

// Neutral stream events to the Responses SSE sequence: response.created, in_progress, then per
// output item added → its deltas → done, and response.completed (or incomplete) with the whole
// response. Every event carries a rising sequence_number. Only one item is open at a time: the
// model writes its blocks one after another.

interface OpenItem {
  kind: 'reasoning' | 'message' | 'function' | 'custom' | 'json';
  block: number;
  index: number;
  id: string;
  text: string;
  callId?: string;
  name?: string;
}

/** A Responses stream encoder; `done` gets the final response (with sealed reasoning) to store. */
export function responsesStreamEncoder(rc: RenderContext, includeEncrypted: boolean, done: (response: ResponseObject) => void): StreamEncoder {
  let seq = 0;
  let open: OpenItem | undefined;
  const output: OutputItem[] = [];
  const frame = (type: string, body: Record<string, unknown>): SseFrame => ({ event: type, data: { type, sequence_number: seq++, ...body } });
  const shown = (item: OutputItem) => (includeEncrypted ? item : withoutSealed(item));
  const snapshot = (status: ResponseObject['status']) => responseObject(rc, { status, output: [], usage: null });

  const start = (kind: OpenItem['kind'], block: number, extra: Partial<OpenItem> = {}): SseFrame[] => {
    const prefix = { reasoning: 'rs', message: 'msg', json: 'msg', function: 'fc', custom: 'ctc' }[kind];
    open = { kind, block, index: output.length, id: newId(prefix), text: '', ...extra };
    const o = open;
    const at = { output_index: o.index, item_id: o.id };
    if (kind === 'reasoning') {
      const frames = [frame('response.output_item.added', { output_index: o.index, item: { id: o.id, type: 'reasoning', summary: [] } })];
      if (rc.summaries) frames.push(frame('response.reasoning_summary_part.added', { ...at, summary_index: 0, part: { type: 'summary_text', text: '' } }));
      return frames;
    }
    if (kind === 'message' || kind === 'json') {
      return [
        frame('response.output_item.added', { output_index: o.index, item: { id: o.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }),
        frame('response.content_part.added', { ...at, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }),
      ];
    }
    return [frame('response.output_item.added', { output_index: o.index, item: toolCallItem(o.callId!, o.name!, '', rc, o.id, 'in_progress') })];
  };

  const close = (acc: StreamAccumulator): SseFrame[] => {
    const o = open;
    if (!o) return [];
    open = undefined;
    const at = { output_index: o.index, item_id: o.id };
    const frames: SseFrame[] = [];
    let item: OutputItem;
    if (o.kind === 'reasoning') {
      const r = acc.reasoning.get(o.block);
      const block: NeutralBlock[] = r?.redacted ? [{ reasoningContent: { redactedContent: r.redacted } }] : [{ reasoningContent: { reasoningText: { text: r?.text ?? o.text, signature: r?.signature } } }];
      item = reasoningItem(o.id, o.text, rc, rc.sealer.seal(block));
      if (rc.summaries) {
        frames.push(frame('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: o.text }));
        frames.push(frame('response.reasoning_summary_part.done', { ...at, summary_index: 0, part: { type: 'summary_text', text: o.text } }));
      }
    } else if (o.kind === 'message' || o.kind === 'json') {
      item = messageItem(o.id, o.text);
      frames.push(frame('response.output_text.done', { ...at, content_index: 0, text: o.text, logprobs: [] }));
      frames.push(frame('response.content_part.done', { ...at, content_index: 0, part: { type: 'output_text', text: o.text, annotations: [], logprobs: [] } }));
    } else {
      item = toolCallItem(o.callId!, o.name!, o.text, rc, o.id);
      if (o.kind === 'custom') {
        const input = customInput(o.text);
        // The model writes JSON around the free-form input: it is sent whole once complete.
        if (input) frames.push(frame('response.custom_tool_call_input.delta', { ...at, delta: input }));
        frames.push(frame('response.custom_tool_call_input.done', { ...at, input }));
      } else frames.push(frame('response.function_call_arguments.done', { ...at, name: item.name, arguments: o.text }));
    }
    output.push(item);
    frames.push(frame('response.output_item.done', { output_index: o.index, item: shown(item) }));
    return frames;
  };

  const toolKind = (name: string): OpenItem['kind'] => (rc.jsonAnswerTool && name === JSON_ANSWER_TOOL ? 'json' : rc.tools.entry(name).kind === 'custom' ? 'custom' : 'function');

  return {
    encode(ev: NeutralEvent, acc: StreamAccumulator): SseFrame[] {
      switch (ev.type) {
        case 'start':
          return [frame('response.created', { response: snapshot('in_progress') }), frame('response.in_progress', { response: snapshot('in_progress') })];
        case 'reasoning': {
          const frames = open?.kind === 'reasoning' && open.block === ev.block ? [] : [...close(acc), ...start('reasoning', ev.block)];
          open!.text += ev.text;
          if (rc.summaries) frames.push(frame('response.reasoning_summary_text.delta', { output_index: open!.index, item_id: open!.id, summary_index: 0, delta: ev.text }));
          return frames;
        }
        case 'redacted_reasoning':
        case 'reasoning_signature':
          return open?.kind === 'reasoning' && open.block === ev.block ? [] : [...close(acc), ...start('reasoning', ev.block)];
        case 'text': {
          const frames = open?.kind === 'message' && open.block === ev.block ? [] : [...close(acc), ...start('message', ev.block)];
          open!.text += ev.text;
          frames.push(frame('response.output_text.delta', { output_index: open!.index, item_id: open!.id, content_index: 0, delta: ev.text, logprobs: [] }));
          return frames;
        }
        case 'tool_start':
          return [...close(acc), ...start(toolKind(ev.name), ev.block, { callId: ev.id, name: ev.name })];
        case 'tool_args': {
          const frames = open && open.block === ev.block ? [] : [...close(acc), ...start('function', ev.block, { callId: ev.id, name: '' })];
          const o = open!;
          o.text += ev.args;
          if (o.kind === 'function' && ev.args) frames.push(frame('response.function_call_arguments.delta', { output_index: o.index, item_id: o.id, delta: ev.args }));
          if (o.kind === 'json' && ev.args) frames.push(frame('response.output_text.delta', { output_index: o.index, item_id: o.id, content_index: 0, delta: ev.args, logprobs: [] }));
          return frames;
        }
        case 'block_stop':
          return open && open.block === ev.block ? close(acc) : [];
        case 'stop':
          return close(acc);
        default:
          return [];
      }
    },
    finish(acc: StreamAccumulator): SseFrame[] {
      const frames = close(acc);
      const state = statusOf(acc.stopReason);
      const response = responseObject(rc, { ...state, output, usage: responsesUsage(acc.usage, acc.reasoningChars) });
      done(response);
      frames.push(frame(state.status === 'completed' ? 'response.completed' : 'response.incomplete', { response: forClient(response, includeEncrypted) }));
      return frames;
    },
    error(err: ProxyError): SseFrame[] {
      // No made-up completed: the response failed, with what was produced so far (rule 9).
      const response = responseObject(rc, { status: 'failed', output: output.map(shown), usage: null, error: err });
      return [frame('response.failed', { response })];
    },
  };
}
