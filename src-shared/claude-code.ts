// Claude Code picks a model per tier (opus for planning, sonnet for work, haiku for titles and
// the Explore subagent). These are the names Outcrop's Claude Code setup exports for the tiers
// (ANTHROPIC_DEFAULT_OPUS_MODEL, _SONNET_MODEL, _HAIKU_MODEL), so they are the names Claude Code
// sends: Anthropic API ids that Outcrop resolves to the catalogue's Bedrock models, and that a
// user alias (the Models screen, the tray's "Claude Code models") can point anywhere else.

/** The model name Claude Code sends for each tier, as Outcrop's setup snippet exports it. */
export const CLAUDE_CODE_TIERS = { opus: 'claude-opus-4-5', sonnet: 'claude-sonnet-4-5', haiku: 'claude-haiku-4-5' } as const;

export type ClaudeCodeTier = keyof typeof CLAUDE_CODE_TIERS;
