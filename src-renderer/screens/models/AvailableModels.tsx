import { useId, useState } from 'react';
import type { ModelView } from '../../../src-shared/admin';
import { CopyButton } from '../../components/CopyButton';
import { TableHead } from '../../components/TableHead';
import { useOutcrop } from '../../context';
import { profileLabel, profileTitle, PREFERENCE_TEXT } from './profile-label';

// What the marks under a model's name mean.
const SUPPORTS: Record<string, string> = {
  caching: 'Takes prompt-caching points (see Caching)',
  reasoning: 'Can reason before answering (extended thinking or reasoning effort)',
  images: 'Takes images in the prompt',
};

// Beyond this many models a filter box helps more than it costs.
const FILTER_FROM = 8;

export interface AvailableModelsProps {
  models?: ModelView[];
  modelsError?: string;
  /** Starts an alias to this name in the add form. */
  onAddAlias(name: string): void;
}

/**
 * What the account can invoke in its region, as GET /v1/models lists it: newest first, each with
 * the name to type (and Copy), its provider, the profile it goes through (as the profile preference
 * chooses), what it supports, and "Use as default" / "Add alias". Without the account's listing,
 * says why; the built-in models below stand in.
 */
export function AvailableModels({ models, modelsError, onAddAlias }: AvailableModelsProps) {
  const { status, settings, saveSettings } = useOutcrop();
  const [query, setQuery] = useState('');
  const [saving, setSaving] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const filterId = useId();
  const region = status?.region;
  const available = (models ?? []).filter((m) => m.rank !== undefined).sort((a, b) => a.rank! - b.rank!);
  const q = query.trim().toLowerCase();
  const shown = q ? available.filter((m) => [m.id, m.name, m.provider, m.model, m.target].some((s) => s?.toLowerCase().includes(q))) : available;
  const preference = settings?.profilePreference ?? 'geo';
  // The default may name a model another way (an alias): the row of the model it runs says so too.
  const defaultName = settings?.defaultModel;
  const defaultTarget = models?.find((m) => m.id === defaultName)?.target;

  const useAsDefault = async (name: string): Promise<void> => {
    setSaving(name);
    setProblem(undefined);
    try {
      await saveSettings({ defaultModel: name });
    } catch (err) {
      setProblem(`Not saved: ${(err as Error).message}`);
    } finally {
      setSaving(undefined);
    }
  };

  return (
    <section className="card mdl-available" aria-labelledby="available-title" aria-busy={!models && !modelsError ? true : undefined} data-testid="available-models">
      <h2 id="available-title" className="mdl-card-title">{region ? `Available in ${region}` : 'Available to this account'}</h2>
      {!models ? (
        <p className="muted mdl-card-hint">{modelsError ? 'The model list did not load.' : 'Loading the models this account can use…'}</p>
      ) : available.length === 0 ? (
        <p className="muted mdl-card-hint" data-testid="available-none">{whyNone(region, status?.credentials.status)}</p>
      ) : (
        <>
          <p className="muted mdl-card-hint">
            What this account can call{region ? ` in ${region}` : ''}, newest first. Type the name in your tool: <code>GET /v1/models</code> lists the same names.
            {' '}Profiles: {PREFERENCE_TEXT[preference]} (<a href="#/settings">change in Settings</a>).
          </p>
          {available.length > FILTER_FROM && (
            <div className="mdl-available-bar">
              <label htmlFor={filterId}>Find a model</label>
              <input id={filterId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="claude, nova, qwen…" autoComplete="off" spellCheck={false} />
              <span className="muted" role="status" data-testid="available-count">
                {q ? `${shown.length} of ${available.length} models` : `${available.length} models`}
              </span>
            </div>
          )}
          <div className="mdl-row-error mdl-available-problem" role="alert" hidden={!problem}>{problem ?? ''}</div>
          <table className="mdl-table mdl-available-table" aria-labelledby="available-title" data-testid="available-table">
            <colgroup>
              <col className="mdl-col-friendly" />
              <col className="mdl-col-typed" />
              <col className="mdl-col-profile" />
              <col className="mdl-col-use" />
            </colgroup>
            <TableHead columns={['Model', 'Name to type', 'Profile']} actions="Actions" />
            <tbody>
              {shown.length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">No model matches “{query.trim()}”.</td>
                </tr>
              )}
              {shown.map((m) => (
                <tr key={m.id} data-testid={`available-${m.id}`} data-legacy={m.legacy || undefined}>
                  <th scope="row">
                    <span className="mdl-friendly">{m.name ?? m.id}</span>
                    {m.kind === 'embedding' && <span className="pill pill-muted mdl-kind">embeddings</span>}
                    {m.legacy && <span className="pill pill-warn mdl-kind" title="Bedrock lists this model as legacy: it is being retired. Prefer a newer one.">legacy</span>}
                    <span className="mdl-provider">
                      {[m.provider, m.caching && 'caching', m.reasoning && 'reasoning', m.images && 'images'].filter(Boolean).map((what, i) => (
                        <span key={i} title={i === 0 && m.provider ? undefined : SUPPORTS[what as string]}>{what}</span>
                      ))}
                    </span>
                  </th>
                  <td>
                    <span className="mdl-typed">
                      <code className="mono" data-testid="available-name">{m.id}</code>
                      <CopyButton text={m.id} what={m.id} className="mdl-copy" />
                    </span>
                  </td>
                  <td>
                    <span className="pill pill-muted mdl-profile" title={profileTitle(m.target, m.via, region)} data-testid="available-profile">
                      {profileLabel(m.via)}
                      <span className="visually-hidden">: {m.target}</span>
                    </span>
                  </td>
                  <td className="mdl-actions">
                    {m.kind === 'chat' && (defaultName === m.id || (defaultTarget !== undefined && defaultTarget === m.target) ? (
                      <span className="pill pill-ok mdl-is-default" title={defaultName === m.id ? 'Requests without a model run this.' : `Requests without a model run this: the default model is ${defaultName}.`}>Default</span>
                    ) : (
                      <button type="button" onClick={() => void useAsDefault(m.id)} disabled={saving !== undefined} aria-label={`Use as default: ${m.id}`}>
                        {saving === m.id ? 'Saving…' : 'Use as default'}
                      </button>
                    ))}
                    <button type="button" onClick={() => onAddAlias(m.id)} aria-label={`Add an alias for ${m.id}`}>Add alias</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Why no model is listed: the account's listing could not be read (or offers nothing here). */
function whyNone(region: string | undefined, credentials: string | undefined): string {
  const stand = 'The built-in models below are what Outcrop knows; any model id, alias or ARN can still be typed.';
  if (!region) return `No AWS region is set, so Outcrop cannot ask Bedrock which models this account can use. Choose a region on the Credentials screen. ${stand}`;
  if (credentials === 'needs-sign-in' || credentials === 'error') return `Outcrop could not read this account’s Bedrock model list in ${region}: the credentials need attention (see Credentials). ${stand}`;
  return `Outcrop could not read this account’s Bedrock model list in ${region} yet (no credentials, or Bedrock did not answer). ${stand}`;
}
