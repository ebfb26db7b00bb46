// What the bench sends and what the emulator answers: a coding-agent turn (system prompt, a
// few turns including a tool round trip, two tools) and a short reply; a long text for throughput.
import type { Reply } from '../support/bedrock-emulator';

export const MODEL = 'claude-sonnet';

const SYSTEM_PROMPT = [
  'You are a careful coding assistant working inside the user\'s repository.',
  'Prefer small, reviewable changes. Before editing a file, read it. Explain what you change and why in one or two sentences.',
  'Use the tools when you need facts about the code; never invent file contents or command output.',
  'When a command fails, read the error, form a hypothesis, and test it with the smallest possible next step.',
  'Follow the project style: TypeScript strict mode, ESM, kebab-case file names, no default exports.',
  'Keep answers short unless the user asks for detail.',
].join('\n');

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a text file from the repository and return its contents with line numbers.',
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Path relative to the repository root.' },
          start_line: { type: 'integer', minimum: 1 },
          end_line: { type: 'integer', minimum: 1 },
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'run_command',
      description: 'Run a shell command in the repository root and return exit code, stdout and stderr.',
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'string', description: 'The command line to run.' },
          timeout_ms: { type: 'integer', minimum: 100, maximum: 600000 },
        },
        required: ['command'],
        additionalProperties: false,
      },
    },
  },
];

const FILE_EXCERPT = Array.from({ length: 24 }, (_, i) => `${String(i + 1).padStart(3)}  ${i % 3 === 0 ? 'export function parse(input: string): Token[] {' : '  const token = next(input, position); tokens.push(token);'}`).join('\n');

/** The OpenAI Chat Completions body every latency probe sends (about 4 KB of JSON). */
export function chatBody(stream: boolean): Record<string, unknown> {
  return {
    model: MODEL,
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    max_tokens: 1024,
    temperature: 0.2,
    tools: TOOLS,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: 'The tokenizer test fails on inputs with trailing whitespace. Can you find out why?' },
      {
        role: 'assistant',
        content: 'Let me look at the tokenizer first.',
        tool_calls: [{ id: 'call_read_1', type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path: 'src/tokenizer.ts', start_line: 1, end_line: 24 }) } }],
      },
      { role: 'tool', tool_call_id: 'call_read_1', content: FILE_EXCERPT },
      { role: 'assistant', content: 'The loop never skips whitespace after the last token. I will run the failing test to confirm.' },
      { role: 'user', content: 'Go ahead, and then tell me the smallest fix.' },
    ],
  };
}

/** The short non-streamed answer (about 30 output tokens). */
export const SHORT_REPLY: Reply = {
  text: 'The loop in parse() stops at the last token but never consumes trailing whitespace, so next() returns an empty token. Skip whitespace before the end check.',
  usage: { inputTokens: 1180, outputTokens: 34 },
  latencyMs: 0,
};

/** The streamed answer for time-to-first-token: same text, padded frames, no pacing. */
export const SHORT_STREAM_REPLY: Reply = { ...SHORT_REPLY, padding: true, chunkSize: 8, chunkDelayMs: 0 };

/** A long streamed answer cut into 4-character deltas: `deltas` content chunks per stream. */
export function longStreamReply(deltas: number): Reply {
  const words = 'the quick brown fox jumps over the lazy dog while the compiler checks every type ';
  const text = words.repeat(Math.ceil((deltas * 4) / words.length)).slice(0, deltas * 4);
  return { text, usage: { inputTokens: 1180, outputTokens: deltas }, padding: true, chunkSize: 4, chunkDelayMs: 0, latencyMs: 0 };
}

/**
 * SSE chunks a client receives for a text answer of `deltas` content deltas with include_usage:
 * role chunk + deltas + finish chunk + usage chunk ([DONE] not counted).
 */
export function expectedChunks(deltas: number): number {
  return deltas + 3;
}
