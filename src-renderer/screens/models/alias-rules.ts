import { ApiError } from '../../api';

// What makes an alias acceptable before it is sent (the server checks the target too), and
// where a server error about aliases belongs on the screen.

export interface AliasProblems {
  name?: string;
  target?: string;
}

/** The problems with an alias being added (original undefined) or edited; empty when it can be saved. */
export function aliasProblems(name: string, target: string, aliases: Record<string, string>, original?: string): AliasProblems {
  const problems: AliasProblems = {};
  const n = name.trim();
  if (!n) problems.name = 'Give the alias a name.';
  else if (/\s/.test(n)) problems.name = 'No spaces: tools send the alias as the model name.';
  else if (n.toLowerCase() === 'default') problems.name = '"default" is reserved for the default model.';
  else if (n !== original && Object.hasOwn(aliases, n)) problems.name = `"${n}" is already an alias.`;
  const t = target.trim();
  if (!t) problems.target = 'Choose a model, an alias or an inference profile ARN.';
  else if (t === n) problems.target = 'An alias cannot point to itself.';
  return problems;
}

/** True when nothing stands in the way of saving. */
export function isClean(p: AliasProblems): boolean {
  return !p.name && !p.target;
}

/** The aliases with one added, renamed or retargeted, keeping the table's order. */
export function withAlias(aliases: Record<string, string>, name: string, target: string, original?: string): Record<string, string> {
  const next: Record<string, string> = {};
  let placed = false;
  for (const [k, v] of Object.entries(aliases)) {
    if (k === original) {
      next[name] = target;
      placed = true;
    } else if (k !== name) next[k] = v;
  }
  if (!placed) next[name] = target;
  return next;
}

/** The aliases without one. */
export function withoutAlias(aliases: Record<string, string>, name: string): Record<string, string> {
  const { [name]: _gone, ...rest } = aliases;
  return rest;
}

/** The alias a failed save names (its `param` is `aliases.<name>`), if any. */
export function aliasNamedBy(err: unknown): string | undefined {
  if (!(err instanceof ApiError) || !err.param?.startsWith('aliases.')) return undefined;
  return err.param.slice('aliases.'.length);
}

/** A failure as a sentence for the screen. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
