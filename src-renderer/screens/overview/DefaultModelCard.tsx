import { useState } from 'react';
import { useOutcrop } from '../../context';
import { modelOptions, type ModelViews } from '../../components/use-model-views';
import type { ModelOption } from '../../components/ModelCombobox';

type SaveState = { state: 'idle' } | { state: 'saving'; model: string } | { state: 'saved'; model: string } | { state: 'failed'; message: string };

/** The default model picker: used when a request names no model, or "default". Saves on change. */
export function DefaultModelCard({ views }: { views: ModelViews }) {
  const { settings, saveSettings } = useOutcrop();
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  if (!settings) return null;
  const value = save.state === 'saving' ? save.model : settings.defaultModel;
  const groups = groupOptions(modelOptions(views.models, { chatOnly: true }), value);

  const choose = async (model: string): Promise<void> => {
    setSave({ state: 'saving', model });
    try {
      await saveSettings({ defaultModel: model });
      setSave({ state: 'saved', model });
    } catch (err) {
      setSave({ state: 'failed', message: (err as Error).message });
    }
  };

  const hintId = 'ov-default-model-hint';
  return (
    <section className="card ov-default-model">
      <div className="ov-card-head">
        <h2>
          {/* The heading is the select's label: one name, not a region and a field both called "Default model". */}
          <label htmlFor="ov-default-model">Default model</label>
        </h2>
      </div>
      <select
        id="ov-default-model"
        className="ov-select"
        value={value}
        onChange={(e) => void choose(e.target.value)}
        disabled={save.state === 'saving'}
        aria-describedby={hintId}
        aria-invalid={save.state === 'failed' || undefined}
      >
        {groups.map(([group, options]) => (
          <optgroup key={group} label={group}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label ? `${o.value} — ${o.label}` : o.value}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p id={hintId} className="ov-hint ov-save-line" role="status" data-state={save.state}>
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
                  : 'Used when a request names no model, or the model "default".'}
      </p>
      {views.error && (
        <button type="button" onClick={() => void views.reload()}>
          Retry loading models
        </button>
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
