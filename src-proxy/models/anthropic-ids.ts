// Anthropic API model ids (what Claude Code and the Anthropic SDKs send: claude-sonnet-4-5,
// claude-haiku-4-5-20251001, claude-opus-5-5) matched to Bedrock model ids by rule rather than by
// a table, so a Claude release Outcrop has never heard of resolves as soon as Bedrock lists it.
// Bedrock writes the same name with a provider prefix and a suffix that has changed over time:
// anthropic.claude-sonnet-4-5-20250929-v1:0, anthropic.claude-opus-4-6-v1, anthropic.claude-sonnet-4-6.

export interface AnthropicApiId {
  /** opus, sonnet or haiku. */
  family: string;
  /** The version as written in ids: "4-5", "5", "3-7". */
  version: string;
  /** The snapshot date (YYYYMMDD) of a dated id. */
  date?: string;
  /** Claude 3.x writes the version before the family (claude-3-7-sonnet). */
  versionFirst: boolean;
}

const FAMILY = '(opus|sonnet|haiku)';
// A minor version is one or two digits; eight digits are a date.
const VERSION = '(\\d{1,2}(?:-\\d{1,2})?)';
const SNAPSHOT = '(?:-(\\d{8}|latest))?';
const FAMILY_FIRST = new RegExp(`^claude-${FAMILY}-${VERSION}${SNAPSHOT}$`);
const VERSION_FIRST = new RegExp(`^claude-${VERSION}-${FAMILY}${SNAPSHOT}$`);

/** Parses `claude-<family>-<version>[-<date>|-latest]` (and Claude 3's `claude-<version>-<family>…`); undefined for anything else. */
export function parseAnthropicApiId(name: string): AnthropicApiId | undefined {
  const lower = name.trim().toLowerCase();
  const ff = FAMILY_FIRST.exec(lower);
  const vf = ff ? undefined : VERSION_FIRST.exec(lower);
  if (!ff && !vf) return undefined;
  const [family, version, snapshot] = ff ? [ff[1], ff[2], ff[3]] : [vf![2], vf![1], vf![3]];
  return {
    family,
    // Anthropic's "claude-sonnet-4-0" is the model Bedrock calls claude-sonnet-4.
    version: version.replace(/-0$/, ''),
    date: snapshot === 'latest' ? undefined : snapshot,
    versionFirst: Boolean(vf),
  };
}

/** The Bedrock base-id stem an Anthropic API id names ("anthropic.claude-sonnet-4-5"). */
export function bedrockStem(id: AnthropicApiId): string {
  return id.versionFirst ? `anthropic.claude-${id.version}-${id.family}` : `anthropic.claude-${id.family}-${id.version}`;
}

interface Candidate {
  id: string;
  date: string;
  major: number;
  minor: number;
}

/**
 * The Bedrock base model id (no region prefix) among `bedrockIds` that an Anthropic API id names:
 * same family and version; for a dated id the same date, or no date at all (Bedrock ids of newer
 * models carry none, so they cannot contradict it); otherwise the newest snapshot and revision.
 */
export function matchBedrockId(id: AnthropicApiId, bedrockIds: Iterable<string>): string | undefined {
  const stem = bedrockStem(id).replace(/\./g, '\\.');
  // The stem, then an optional date, then Bedrock's revision suffix in any of its forms (or none).
  const pattern = new RegExp(`^${stem}(?:-(\\d{8}))?(?:-v(\\d+))?(?::(\\d+))?$`);
  const candidates: Candidate[] = [];
  for (const bedrockId of bedrockIds) {
    const m = pattern.exec(bedrockId);
    if (!m) continue;
    const date = m[1] ?? '';
    if (id.date && date && date !== id.date) continue;
    candidates.push({ id: bedrockId, date, major: Number(m[2] ?? 0), minor: Number(m[3] ?? 0) });
  }
  candidates.sort((a, b) => b.date.localeCompare(a.date) || b.major - a.major || b.minor - a.minor || a.id.localeCompare(b.id));
  return candidates[0]?.id;
}

const BEDROCK_CLAUDE = /^(?:[a-z-]+\.)?anthropic\.claude-(?:(opus|sonnet|haiku)-(\d{1,2}(?:-\d{1,2})?)|(\d{1,2}(?:-\d{1,2})?)-(opus|sonnet|haiku))(?:-\d{8})?(?:-v\d+)?(?::\d+)?$/;

/** The short Anthropic API id for a Bedrock Claude id ("anthropic.claude-opus-4-6-v1" -> "claude-opus-4-6"), if it is one. */
export function anthropicApiIdOf(bedrockId: string): string | undefined {
  const m = BEDROCK_CLAUDE.exec(bedrockId);
  if (!m) return undefined;
  return m[1] ? `claude-${m[1]}-${m[2]}` : `claude-${m[3]}-${m[4]}`;
}
