import type { ContentBlock, SystemContentBlock, TokenUsage, ToolResultContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { CachingPolicy } from './cache-points';

// The protocol-neutral request and answer every front door maps to and from. Content blocks use
// Converse's own block vocabulary (text, image, document, toolUse, toolResult, reasoningContent
// with signatures, cachePoint): it already is the neutral superset of what the three protocols
// carry, and sharing it means the core hands a protocol's blocks to Bedrock without copying them
// (the chat hot path is measured; see README "Performance"). What Bedrock demands of them —
// merged turns, no blank blocks, tool-name aliases, cache-point limits — is applied here in
// converse/, never by a protocol. Protocols import these aliases, not @aws-sdk.

/** One content block of a message (text, image, document, tool use/result, reasoning, cache point). */
export type NeutralBlock = ContentBlock;
/** One block of the system prompt (text or a cache point). */
export type NeutralSystemBlock = SystemContentBlock;
/** One part of a tool result (text, json, image, document). */
export type NeutralToolResultPart = ToolResultContentBlock;
/** Token counts as Bedrock reports them (input excludes cache reads and writes). */
export type NeutralUsage = TokenUsage;

export interface NeutralMessage {
  role: 'user' | 'assistant';
  content: NeutralBlock[];
}

export interface NeutralTool {
  /** The client's name; the core maps it to a Bedrock-safe one and back. */
  name: string;
  description?: string | null;
  /** JSON schema of the input (the root is made an object by the core). */
  schema?: Record<string, unknown> | null;
  /** Put a cache point after this tool (a client's cache_control). */
  cache?: CachePointMark;
}

export interface CachePointMark {
  ttl?: '5m' | '1h';
}

export type NeutralToolChoice = 'auto' | 'any' | 'none' | { tool: string };

/** What the client asked of reasoning, in protocol-neutral words; the core plans it per model. */
export interface ReasoningRequest {
  /** An effort level (minimal … xhigh); newer names count as medium. */
  effort?: string;
  /** An explicit thinking budget. */
  budgetTokens?: number;
  /** Thinking explicitly switched off. */
  off?: boolean;
  /** Anthropic adaptive thinking (the model decides how much); planned as a budget from the effort. */
  adaptive?: boolean;
}

export interface NeutralRequest {
  system: NeutralSystemBlock[];
  messages: NeutralMessage[];
  tools?: NeutralTool[];
  toolChoice?: NeutralToolChoice;
  /** false: at most one tool call per turn. */
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  reasoning?: ReasoningRequest;
  /** Per-request caching override (true/false or per part); undefined keeps the user's defaults. */
  caching?: boolean | Partial<CachingPolicy>;
  /** Fields for additionalModelRequestFields, merged over the reasoning plan's. */
  extraFields?: Record<string, unknown>;
  /** Fields only Claude models get (anthropic_beta, context_management, output_config); dropped for other models. */
  claudeFields?: Record<string, unknown>;
  guardrailConfig?: unknown;
}

/** A finished, non-streamed answer in neutral form (tool names already the client's). */
export interface NeutralResponse {
  content: NeutralBlock[];
  stopReason?: string;
  usage?: NeutralUsage;
  /** Characters of reasoning text (Bedrock does not count reasoning tokens apart). */
  reasoningChars: number;
}

/** What a streamed answer produces, event by event, for a protocol's encoder. */
export type NeutralEvent =
  | { type: 'start' }
  | { type: 'text'; block: number; text: string }
  | { type: 'reasoning'; block: number; text: string }
  | { type: 'reasoning_signature'; block: number; signature: string }
  | { type: 'redacted_reasoning'; block: number; data: Uint8Array }
  | { type: 'tool_start'; block: number; index: number; id: string; name: string }
  | { type: 'tool_args'; block: number; index: number; id: string; args: string; first: boolean }
  | { type: 'block_stop'; block: number }
  | { type: 'stop'; stopReason?: string; hasToolCalls: boolean }
  | { type: 'usage'; usage?: NeutralUsage };
