import type { ModelView } from '../../../src-shared/admin';
import { TableHead } from '../../components/TableHead';

interface Group {
  name: string;
  kind: ModelView['kind'];
  target?: string;
  aliases: string[];
}

/** The names Outcrop knows without any setup, one line per model (collapsed by default; an alias of yours with the same name wins and is not listed). */
export function BuiltInAliases({ models }: { models?: ModelView[] }) {
  const groups = new Map<string, Group>();
  for (const m of models ?? []) {
    if (m.source !== 'alias') continue;
    const key = `${m.name}\u0000${m.target}`;
    const g = groups.get(key) ?? { name: m.name ?? m.id, kind: m.kind, target: m.target, aliases: [] };
    g.aliases.push(m.id);
    groups.set(key, g);
  }
  const list = [...groups.values()];
  const count = list.reduce((n, g) => n + g.aliases.length, 0);
  return (
    <details className="card mdl-builtins" data-testid="builtin-aliases">
      <summary>
        <span className="mdl-builtins-title">Built-in aliases</span>
        <span className="muted">{models ? ` ${count} names for ${list.length} models — always available, no setup` : ' loading…'}</span>
      </summary>
      {list.length > 0 && (
        <table className="mdl-table mdl-builtins-table">
          <colgroup>
            <col className="mdl-col-model" />
            <col className="mdl-col-names" />
            <col />
          </colgroup>
          <TableHead columns={['Model', 'Aliases', 'Bedrock model']} />
          <tbody>
            {list.map((g) => (
              <tr key={`${g.name}-${g.target}`}>
                <th scope="row">
                  {g.name}
                  {g.kind === 'embedding' && <span className="pill pill-muted mdl-kind">embeddings</span>}
                </th>
                <td className="mono">
                  {g.aliases.join(', ')}
                </td>
                <td className="mono mdl-resolved">{g.target ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
