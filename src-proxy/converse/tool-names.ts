import { createHash } from 'node:crypto';

// Bedrock accepts tool names matching [a-zA-Z0-9_-]{1,64} (rule 11 of CLIENTS.md); MCP tools often
// have dots, slashes or long names. Map them to a safe name that is stable across requests, so
// tool calls in history keep matching, and map them back in responses.
const SAFE = /^[a-zA-Z0-9_-]{1,64}$/;

/** The Bedrock-safe name for a client tool name; the same input always gives the same output. */
export function safeToolName(name: string): string {
  if (SAFE.test(name)) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 55) || 'tool';
  return `${cleaned}_${hash}`;
}

/** Two-way map between client tool names and the names Bedrock sees. */
export class ToolNameMap {
  private readonly toClient = new Map<string, string>();

  /** Registers a client name and returns the name to send to Bedrock. */
  add(clientName: string): string {
    const safe = safeToolName(clientName);
    this.toClient.set(safe, clientName);
    return safe;
  }

  /** The client's name for a name Bedrock used (unchanged when it was never mapped). */
  original(bedrockName: string): string {
    return this.toClient.get(bedrockName) ?? bedrockName;
  }
}
