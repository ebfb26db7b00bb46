import { useState } from 'react';
import type { ModelAccess, ModelView } from '../../../src-shared/admin';
import { TableHead } from '../../components/TableHead';
import { listingKnown } from '../../components/use-model-views';
import { useOutcrop } from '../../context';
import { AccessBadge, ProfileBadge } from './AccessBadge';

interface Group {
  name: string;
  kind: ModelView['kind'];
  target?: string;
  access: ModelAccess;
  via?: string;
  aliases: string[];
}

/**
 * The models Outcrop knows without any setup, one line per model with its built-in names, what it
 * runs as in this region (and whether through an inference profile), and whether the account's
 * Bedrock listing offers it. "Only models this account can use" is on once the listing is known.
 * An alias of yours with the same name wins and is not listed.
 */
export function BuiltInAliases({ models }: { models?: ModelView[] }) {
  const { status } = useOutcrop();
  const known = listingKnown(models);
  // Undefined until the user touches it: then on whenever the listing is known.
  const [onlyUsable, setOnlyUsable] = useState<boolean>();
  const filtering = known && (onlyUsable ?? true);

  const groups = new Map<string, Group>();
  for (const m of models ?? []) {
    if (m.source !== 'alias') continue;
    const key = `${m.name}\u0000${m.target}`;
    const g = groups.get(key) ?? { name: m.name ?? m.id, kind: m.kind, target: m.target, access: m.access, via: m.via, aliases: [] };
    g.aliases.push(m.id);
    groups.set(key, g);
  }
  const all = [...groups.values()];
  const usable = all.filter((g) => g.access === 'available');
  const list = filtering ? usable : all;
  const names = all.reduce((n, g) => n + g.aliases.length, 0);
  const where = status?.region ? ` in ${status.region}` : '';
  return (
    <details className="card mdl-builtins" data-testid="builtin-aliases" open>
      <summary>
        <span className="mdl-builtins-title">Built-in models</span>
        <span className="muted" data-testid="builtin-summary">
          {!models ? ' loading…' : known ? ` ${all.length} models, ${usable.length} offered to this account${where} — ${names} names, no setup` : ` ${names} names for ${all.length} models — no setup`}
        </span>
      </summary>
      <div className="mdl-builtins-bar">
        <label className="mdl-check">
          <input type="checkbox" checked={filtering} disabled={!known} onChange={(e) => setOnlyUsable(e.target.checked)} />
          Only models this account can use
        </label>
        {!known && models && (
          <span className="muted mdl-builtins-note">Outcrop could not read this account’s Bedrock model list yet (no credentials or region): access shows as unknown.</span>
        )}
        {filtering && all.length > list.length && (
          <span className="muted mdl-builtins-note" data-testid="builtin-hidden">{all.length - list.length} not offered{where} hidden</span>
        )}
      </div>
      {list.length > 0 && (
        <table className="mdl-table mdl-builtins-table">
          <colgroup>
            <col className="mdl-col-model" />
            <col className="mdl-col-names" />
            <col />
            <col className="mdl-col-access" />
          </colgroup>
          <TableHead columns={['Model', 'Aliases', 'Bedrock model', 'This account']} />
          <tbody>
            {list.map((g) => (
              <tr key={`${g.name}-${g.target}`} data-testid={`builtin-${g.aliases[0]}`} data-access={g.access}>
                <th scope="row">
                  {g.name}
                  {g.kind === 'embedding' && <span className="pill pill-muted mdl-kind">embeddings</span>}
                </th>
                <td className="mono">{g.aliases.join(', ')}</td>
                <td className="mono mdl-resolved">
                  {g.target ?? '—'}
                  {g.via && <ProfileBadge via={g.via} />}
                </td>
                <td><AccessBadge access={g.access} region={status?.region} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
