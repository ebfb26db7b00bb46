// How much the chat route's validation costs: the fast path (fitsChatRequest, which takes a body
// that plainly fits as it is) against zod alone (chatCompletionRequest.safeParse, which copies the
// body), on bodies the size coding agents send. Not a test: prints µs/op, exits 0.
// Run: npx tsx tests/bench/chat-schema.ts [--ms=400] [--rounds=7]
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { chatCompletionRequest, fitsChatRequest, parseChatRequest } from '../../src-proxy/protocols/openai-chat/schema';
import { chatBody } from './workload';

const args = process.argv.slice(2);
const msPerRound = Number(args.find((a) => a.startsWith('--ms='))?.slice(5) ?? 400);
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 7);

// A JSON-schema tool of the size Claude Code and Codex send (a dozen properties, nested items).
function agentTool(i: number) {
  const properties: Record<string, unknown> = {};
  for (let p = 0; p < 8; p++) {
    properties[`arg_${p}`] = p % 3 === 0
      ? { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, line: { type: 'integer', minimum: 1 } }, required: ['path'] }, description: `List argument ${p} of tool ${i}.` }
      : { type: p % 2 ? 'string' : 'integer', description: `Argument ${p} of tool ${i}: what it means and when to pass it, in one sentence.` };
  }
  return {
    type: 'function',
    function: {
      name: `tool_${i}`,
      description: `Tool ${i}. ${'Use it when the task needs it; read the result before acting on it. '.repeat(6)}`,
      parameters: { type: 'object', properties, required: ['arg_0'], additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' },
    },
  };
}

// A Claude Code / Codex style session: a system prompt in cached text parts, then tool rounds
// (assistant with a tool call, tool result) and now and then a user turn, `messages` in all.
function agentSession(messages: number, toolResultChars: number, tools = 18): Record<string, unknown> {
  const msgs: unknown[] = [
    { role: 'system', content: [{ type: 'text', text: 'You are a coding agent. '.repeat(200), cache_control: { type: 'ephemeral' } }] },
    { role: 'user', content: [{ type: 'text', text: 'Fix the failing tokenizer test and explain the change.' }] },
  ];
  for (let i = 0; msgs.length < messages; i++) {
    if (i % 6 === 5) {
      msgs.push({ role: 'user', content: [{ type: 'text', text: `Also check case ${i}.` }, { type: 'text', text: '<system-reminder>keep going</system-reminder>' }] });
      continue;
    }
    msgs.push({
      role: 'assistant',
      content: `Step ${i}: reading the next file.`,
      tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: `tool_${i % tools}`, arguments: JSON.stringify({ arg_0: 1, arg_1: `src/file_${i}.ts` }) } }],
    });
    msgs.push({ role: 'tool', tool_call_id: `call_${i}`, content: `${String(i).padStart(4)}  ${'x'.repeat(toolResultChars)}` });
  }
  return {
    model: 'claude-sonnet',
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 32000,
    temperature: 1,
    tools: Array.from({ length: tools }, (_, i) => agentTool(i)),
    tool_choice: 'auto',
    messages: msgs.slice(0, messages),
  };
}

// Many small messages reaching 200 KB: the most objects per byte a real client sends.
function bigSession(): Record<string, unknown> {
  const body = agentSession(400, 200);
  while (JSON.stringify(body).length < 200_000) (body.messages as unknown[]).push({ role: 'user', content: [{ type: 'text', text: 'y'.repeat(300) }] });
  return body;
}

const bodies: Array<[string, Record<string, unknown>]> = [
  ['small (bench chatBody, 2 tools, 6 messages)', chatBody(true)],
  ['agent (18 tools, 50 messages)', agentSession(50, 1500)],
  ['200 KB (18 tools, many messages)', bigSession()],
];

/** Median µs per call of `fn` over `rounds` rounds of about msPerRound each. */
function measure(fn: () => unknown): number {
  let n = 1;
  for (let t0 = performance.now(); performance.now() - t0 < msPerRound / 4; ) { fn(); n++; } // warm-up, and a batch size
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n * 2; i++) fn();
    results.push(((performance.now() - t0) * 1000) / (n * 2));
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

const fmt = (us: number) => us.toFixed(us < 10 ? 2 : 1).padStart(8);
console.log(`node ${process.version}, zod ${z.core.version?.major}.${z.core.version?.minor}.${z.core.version?.patch}; median of ${rounds} rounds, µs/op\n`);
console.log(`${'body'.padEnd(44)} ${'bytes'.padStart(8)} ${'msgs'.padStart(5)} ${'JSON.parse'.padStart(10)} ${'fast path'.padStart(10)} ${'zod'.padStart(10)} ${'zod jitless'.padStart(11)} ${'zod/fast'.padStart(9)}`);
const rows: Array<{ name: string; bytes: number; msgs: number; parse: number; fast: number; zod: number; jitless?: number }> = [];
for (const [name, body] of bodies) {
  if (!fitsChatRequest(body) || !chatCompletionRequest.safeParse(body).success) throw new Error(`${name}: not a valid body`);
  const raw = JSON.stringify(body);
  rows.push({
    name,
    bytes: raw.length,
    msgs: (body.messages as unknown[]).length,
    parse: measure(() => JSON.parse(raw)),
    fast: measure(() => parseChatRequest(body)),
    zod: measure(() => chatCompletionRequest.safeParse(body, { reportInput: true })),
  });
}
// jitless is a global zod setting: measured last, after every other figure.
z.config({ jitless: true });
for (const row of rows) row.jitless = measure(() => chatCompletionRequest.safeParse(bodies.find(([n]) => n === row.name)![1], { reportInput: true }));
for (const r of rows) {
  console.log(`${r.name.padEnd(44)} ${String(r.bytes).padStart(8)} ${String(r.msgs).padStart(5)} ${fmt(r.parse)}   ${fmt(r.fast)}   ${fmt(r.zod)}    ${fmt(r.jitless!)}   ${(r.zod / r.fast).toFixed(1).padStart(6)}x`);
}
