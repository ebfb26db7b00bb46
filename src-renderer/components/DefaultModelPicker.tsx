import { useState } from 'react';
import { useOutcrop } from '../context';
import type { ModelOption } from './ModelCombobox';
import { listingKnown, modelOptions, unavailableText, type ModelViews } from './use-model-views';
import './default-model-picker.css';

type SaveState = { state: 'idle' } | { state: 'saving'; model: string } | { state: 'saved'; model: string } | { state: 'failed'; message: string };

/**
 * The default model (used when a request names no model, or "default"): the one control the
 * Overview and the Models screen both show. Its value is the shared settings (context), and a
 * choice is saved at once, so every place that shows it agrees, including other windows (their
 * settings event). Names the account's listing does not offer are marked.
 */
export function DefaultModelPicker({ views, className }: { views: ModelViews; className?: string }) {
  const { settings, status, saveSettings } = useOutcrop();
  const [saveState, setSave] = useState<SaveState>({ state: 'idle' });
  if (!settings) return null;
  // "Saved" holds only while the saved model is still the setting: a change from elsewhere ends it.
  const save: SaveState = saveState.state === 'saved' && saveState.model !== settings.defaultModel ? { state: 'idle' } : saveState;
  const value = save.state === 'saving' ? save.model : settings.defaultModel;
  const options = modelOptions(views.models, { chatOnly: true });
  const groups = groupOptions(options, value);
  const current = views.models?.find((m) => m.id === value);
  const notOffered = unavailableText(status?.region);

  const choose = async (model: string): Promise<void> => {
    setSave({ state: 'saving', model });
    try {
      await saveSettings({ defaultModel: model });
      setSave({ state: 'saved', model });
    } catch (err) {
      setSave({ state: 'failed', message: (err as Error).message });
    }
  };

  const id = 'default-model';
  const hintId = `${id}-hint`;
  return (
    <section className={`card dmp ${className ?? ''}`} data-testid="default-model-picker">
      <h2 className="dmp-title">
        {/* The heading is the select's label: one name, not a region and a field both called "Default model". */}
        <label htmlFor={id}>Default model</label>
      </h2>
      <select
        id={id}
        className="dmp-select"
        value={value}
        onChange={(e) => void choose(e.target.value)}
        disabled={save.state === 'saving'}
        aria-describedby={hintId}
        aria-invalid={save.state === 'failed' || undefined}
      >
        {groups.map(([group, list]) => (
          <optgroup key={group} label={group}>
            {list.map((o) => (
              <option key={o.value} value={o.value} data-unavailable={o.unavailable || undefined}>
                {[o.value, o.label, o.unavailable ? notOffered : undefined].filter(Boolean).join(' — ')}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p id={hintId} className="dmp-hint" role="status" data-state={save.state} data-testid="default-model-msg">
        {save.state === 'saving'
          ? 'Saving…'
          : save.state === 'saved'
            ? `Saved: requests without a model now go to ${save.model}.`
            : save.state === 'failed'
              ? `Not saved: ${save.message}`
              : views.error
                ? `The model list did not load (${views.error}).`
                : !views.models
                  ? 'Loading the model list…'
                  : <>Used when a request names no model, or the model <code>default</code>.{current?.target ? <> Runs <span className="mono">{current.target}</span>.</> : null}</>}
      </p>
      {current?.access === 'not-listed' && save.state !== 'saving' && (
        <p className="dmp-warn" data-testid="default-model-unavailable">
          Bedrock’s model list for this account does not offer {current.target ?? value}{status?.region ? ` in ${status.region}` : ''}: requests without a model will fail. Choose another model.
        </p>
      )}
      {views.error && (
        <button type="button" onClick={() => void views.reload()}>
          Retry loading models
        </button>
      )}
      {!views.error && views.models && !listingKnown(views.models) && (
        <p className="dmp-hint">Whether this account can use each model shows once Outcrop can read its Bedrock model list (sign in first).</p>
      )}
    </section>
  );
}

// Native <optgroup>s in the shared order; the current value is always present, even if unlisted.
function groupOptions(options: ModelOption[], current: string): Array<[string, ModelOption[]]> {
  const groups = new Map<string, ModelOption[]>();
  if (!options.some((o) => o.value === current)) groups.set('Current', [{ value: current, group: 'Current' }]);
  for (const o of options) {
    const list = groups.get(o.group) ?? [];
    list.push(o);
    groups.set(o.group, list);
  }
  return [...groups];
}
