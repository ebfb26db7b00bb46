import { useState, type FormEvent } from 'react';
import type { ModelView } from '../../../src-shared/admin';
import type { CachingPolicySetting } from '../../../src-shared/settings';
import { useOutcrop } from '../../context';
import { ModelCombobox } from '../../components/ModelCombobox';
import { modelOptions } from '../../components/use-model-views';
import { PLACES, type Place } from './CachingDefaults';
import { TableHead } from '../../components/TableHead';

type Override = Partial<CachingPolicySetting>;
type Choice = 'inherit' | 'on' | 'off';

/** Per-model exceptions to the defaults: inherit, on or off for each place, saved at once. */
export function PerModelOverrides({ models }: { models?: ModelView[] }) {
  const { settings, saveSettings } = useOutcrop();
  const overrides = settings?.cachingPerModel ?? {};
  const defaults = settings?.caching;
  const [adding, setAdding] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<{ row: string; message: string }>();
  const [busy, setBusy] = useState<string>();
  // Choices shown at once, while their save is on its way (radios follow the click, not the round trip).
  const [pending, setPending] = useState<Record<string, Choice>>({});

  const save = async (next: Record<string, Override>, row: string): Promise<boolean> => {
    setBusy(row);
    try {
      await saveSettings({ cachingPerModel: next });
      setError(undefined);
      return true;
    } catch (err) {
      setError({ row, message: `Not saved: ${(err as Error).message}` });
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  /** A model's override as shown: saved values with the choices still being saved on top. */
  const shown = (key: string): Override => {
    const out: Override = { ...overrides[key] };
    for (const p of PLACES) {
      const c = pending[`${key}\u0000${p.id}`];
      if (c === 'inherit') delete out[p.id];
      else if (c) out[p.id] = c === 'on';
    }
    return out;
  };
  const choose = async (key: string, place: Place, choice: Choice): Promise<void> => {
    const slot = `${key}\u0000${place}`;
    const { [place]: _old, ...rest } = shown(key);
    setPending((p) => ({ ...p, [slot]: choice }));
    await save({ ...overrides, [key]: choice === 'inherit' ? rest : { ...rest, [place]: choice === 'on' } }, key);
    setPending(({ [slot]: _done, ...others }) => others);
  };
  const remove = (key: string): void => {
    const { [key]: _gone, ...rest } = overrides;
    void save(rest, key);
  };

  const name = adding.trim();
  const problem = !name ? 'Pick a model or alias.' : Object.hasOwn(overrides, name) ? `${name} already has an override.` : undefined;
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setTried(true);
    if (problem) return;
    if (await save({ ...overrides, [name]: {} }, ' new')) {
      setAdding('');
      setTried(false);
    }
  };

  const keys = Object.keys(overrides);
  return (
    <>
      <table className="cch-table" aria-labelledby="overrides-title" data-testid="override-table">
        <TableHead
          columns={['Model or alias', ...PLACES.map((p) => ({ key: p.id, label: <>{p.title} <span className="cch-default-note">default {defaults?.[p.id] ? 'on' : 'off'}</span></> }))]}
          actions="Remove"
        />
        <tbody>
          {keys.length === 0 && (
            <tr>
              <td colSpan={5} className="empty" data-testid="overrides-empty">No overrides: every model follows the defaults above.</td>
            </tr>
          )}
          {keys.map((key, i) => (
            <tr key={key} data-testid={`override-row-${key}`} aria-busy={busy === key || undefined}>
              <th scope="row" className="mono cch-model">
                {key}
                {error?.row === key && <div className="cch-row-error" role="alert">{error.message}</div>}
              </th>
              {PLACES.map((p) => (
                <td key={p.id}>
                  <TriState name={`override-${i}-${p.id}`} label={`${p.title} for ${key}`} value={choiceOf(shown(key)[p.id])} onChange={(c) => void choose(key, p.id, c)} />
                </td>
              ))}
              <td className="cch-remove">
                <button type="button" className="danger" aria-label={`Remove the override for ${key}`} onClick={() => remove(key)}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="cch-add" onSubmit={add} noValidate>
        <div className="field">
          <label htmlFor="override-model">Add an override for</label>
          <div className="cch-add-row">
            <ModelCombobox id="override-model" value={adding} onChange={setAdding} options={modelOptions(models, { chatOnly: true })}
              placeholder="claude-haiku, a model id or an ARN" invalid={tried && !!problem} describedBy="override-model-msg"
              emptyText="Loading models…" />
            <button type="submit" disabled={busy === ' new' || !settings}>Add override</button>
          </div>
          <div id="override-model-msg" className={(tried && problem) || error?.row === ' new' ? 'error' : 'hint'}>
            {(tried && problem) || (error?.row === ' new' ? error.message : 'Keyed by the name a request uses, or the Bedrock model id it runs.')}
          </div>
        </div>
      </form>
    </>
  );
}

function choiceOf(v: boolean | undefined): Choice {
  return v === undefined ? 'inherit' : v ? 'on' : 'off';
}

/** Inherit / On / Off as a radio group drawn as a segmented control (arrow keys move, as radios do). */
function TriState({ name, label, value, onChange }: { name: string; label: string; value: Choice; onChange(c: Choice): void }) {
  return (
    <div role="radiogroup" aria-label={label} className="cch-seg">
      {(['inherit', 'on', 'off'] as const).map((c) => (
        <label key={c} className={`cch-seg-item cch-seg-${c}`}>
          <input type="radio" name={name} value={c} checked={value === c} onChange={() => onChange(c)} />
          <span>{c === 'inherit' ? 'Inherit' : c === 'on' ? 'On' : 'Off'}</span>
        </label>
      ))}
    </div>
  );
}
