import { useEffect, useState, type FormEvent } from 'react';
import type { ModelView } from '../../../src-shared/admin';
import { useOutcrop } from '../../context';
import { messageOf } from './alias-rules';

const GROUPS: Array<[ModelView['source'], string]> = [
  ['user-alias', 'Your aliases'],
  ['alias', 'Built-in aliases'],
  ['account', 'Your account'],
  ['catalog', 'Known models'],
];

/** The model used when a request names none (or names "default"): a select and Save. */
export function DefaultModel({ models }: { models?: ModelView[] }) {
  const { settings, saveSettings } = useOutcrop();
  const current = settings?.defaultModel ?? '';
  const [choice, setChoice] = useState(current);
  const [state, setState] = useState<{ saving?: boolean; saved?: boolean; error?: string }>({});
  // Another window (or the settings file) changed it: follow.
  useEffect(() => setChoice(current), [current]);

  const chat = (models ?? []).filter((m) => m.kind === 'chat');
  const known = chat.some((m) => m.id === current);
  const target = chat.find((m) => m.id === choice)?.target;

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setState({ saving: true });
    try {
      await saveSettings({ defaultModel: choice });
      setState({ saved: true });
    } catch (err) {
      setState({ error: messageOf(err) });
    }
  };

  return (
    <form className="mdl-default" onSubmit={save}>
      <div className="field">
        <label htmlFor="default-model">Default model</label>
        <div className="row">
          <select id="default-model" value={choice} disabled={!settings} aria-describedby="default-model-msg"
            onChange={(e) => (setChoice(e.target.value), setState({}))}>
            {!known && current && <option value={current}>{current}</option>}
            {!models && <option disabled value="">Loading models…</option>}
            {GROUPS.map(([source, label]) => {
              const items = chat.filter((m) => m.source === source);
              return items.length ? (
                <optgroup key={source} label={label}>
                  {items.map((m) => (
                    <option key={m.id} value={m.id}>{m.name && m.source !== 'account' ? `${m.id} — ${m.name}` : m.name ? `${m.name} (${m.id})` : m.id}</option>
                  ))}
                </optgroup>
              ) : null;
            })}
          </select>
          <button type="submit" className="primary" disabled={!settings || choice === current || state.saving}>
            {state.saving ? 'Saving…' : 'Save'}
          </button>
        </div>
        <div id="default-model-msg" className={state.error ? 'error' : 'hint'} role={state.error ? 'alert' : undefined} data-testid="default-model-msg">
          {state.error ?? (state.saved && choice === current ? `Saved: requests without a model now use ${current}.`
            : <>Used when a request names no model or <code>default</code>.{target ? <> Runs <span className="mono">{target}</span>.</> : null}</>)}
        </div>
      </div>
    </form>
  );
}
