import type { RecordedRequest, Reply, ReplyBlock } from './types';

const ECHO_LIMIT = 200;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const b of content) {
    if (typeof b?.text === 'string') parts.push(b.text);
    else if (b?.toolResult) parts.push(textOf(b.toolResult.content) || JSON.stringify(b.toolResult.content ?? ''));
    else if (b?.type === 'tool_result') parts.push(textOf(b.content));
    else if (b?.json !== undefined) parts.push(JSON.stringify(b.json));
  }
  return parts.join(' ');
}

/** The text of the last user message of a Converse or Anthropic Messages body ('' when none). */
export function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') return textOf(messages[i].content);
  }
  return '';
}

/** The last text block of the last user message: what the user typed, after any context blocks. */
export function lastUserPrompt(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m?.role === 'user');
  if (typeof last?.content === 'string') return last.content;
  const texts = (Array.isArray(last?.content) ? last.content : []).filter((b: any) => typeof b?.text === 'string');
  return texts.length ? texts[texts.length - 1].text : '';
}

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > ECHO_LIMIT ? t.slice(0, ECHO_LIMIT) + '…' : t;
}

/** Default test reply: a short text echoing the last user text. */
export function defaultReply(req: RecordedRequest): Reply {
  const said = clip(lastUserText(req.body));
  return { text: said ? `Emulator reply to: ${said}` : 'Emulator reply.' };
}

interface ToolSpecLike {
  name: string;
  schema: any;
}

function offeredTools(body: any): ToolSpecLike[] {
  const converse = (body?.toolConfig?.tools ?? [])
    .filter((t: any) => t?.toolSpec?.name)
    .map((t: any) => ({ name: t.toolSpec.name, schema: t.toolSpec.inputSchema?.json }));
  const anthropic = (Array.isArray(body?.tools) ? body.tools : [])
    .filter((t: any) => t?.name)
    .map((t: any) => ({ name: t.name, schema: t.input_schema }));
  return [...converse, ...anthropic];
}

function sampleValue(name: string, schema: any): unknown {
  if (Array.isArray(schema?.enum) && schema.enum.length) return schema.enum[0];
  switch (schema?.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return sampleInput(schema);
    default:
      if (/city|location|place/i.test(name)) return 'Paris';
      if (/path|file/i.test(name)) return 'README.md';
      if (/command|cmd/i.test(name)) return 'ls';
      return 'example';
  }
}

/** A plausible tool input built from a JSON schema: required properties (or all) with sample values. */
export function sampleInput(schema: any): Record<string, unknown> {
  const props: Record<string, any> = schema?.properties ?? {};
  const names: string[] = Array.isArray(schema?.required) ? schema.required : Object.keys(props);
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = sampleValue(name, props[name]);
  return out;
}

function answersTool(body: any): boolean {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = messages[messages.length - 1];
  return Array.isArray(last?.content) && last.content.some((b: any) => b?.toolResult || b?.type === 'tool_result');
}

function wantsThinking(body: any): boolean {
  const t = body?.additionalModelRequestFields?.thinking ?? body?.thinking;
  return t?.type === 'enabled' || t?.type === 'adaptive' || body?.additionalModelRequestFields?.reasoningConfig?.type === 'enabled';
}

/**
 * Reply handler for trying the emulator by hand: streams at reading pace, echoes the user,
 * calls the first offered tool when the user mentions "tool", thinks when thinking is on.
 */
export function interactiveReply(req: RecordedRequest): Reply {
  const pace = { latencyMs: 250, chunkDelayMs: 35, chunkSize: 4 };
  if (req.operation === 'InvokeModel' && !Array.isArray(req.body?.messages)) return { latencyMs: 50 };
  const body = req.body;
  // Agents (Codex) put context blocks before the prompt in the same turn: the prompt is the last text.
  const said = clip(answersTool(body) ? lastUserText(body) : lastUserPrompt(body));
  const content: ReplyBlock[] = [];
  if (wantsThinking(body)) {
    content.push({ reasoning: { text: `The user wrote "${said}". A short, friendly answer will do.` } });
  }
  const tools = offeredTools(body);
  if (answersTool(body)) {
    content.push({ text: `The tool answered: ${said || '(nothing)'}. That is all I needed — thanks!` });
  } else if (tools.length && /\btools?\b/i.test(said)) {
    const tool = tools[0];
    content.push({ text: `Let me call ${tool.name}.` });
    content.push({ toolUse: { name: tool.name, input: sampleInput(tool.schema) } });
  } else {
    const hint = tools.length ? ' Say "use a tool" and I will call one of your tools.' : '';
    content.push({
      text: `Hello from the Bedrock emulator! You said: "${said}". I am not a real model, but I speak the real wire protocol.${hint}`,
    });
  }
  return { content, ...pace };
}
