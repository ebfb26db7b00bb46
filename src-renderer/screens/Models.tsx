import { useEffect, useState } from 'react';
import { useOutcrop } from '../context';
import { DefaultModelPicker } from '../components/DefaultModelPicker';
import { useModelViews } from '../components/use-model-views';
import { AliasTable } from './models/AliasTable';
import { AvailableModels } from './models/AvailableModels';
import { BuiltInAliases } from './models/BuiltInAliases';
import './models/models.css';

/** Models & aliases: the default model, what the account can invoke in its region, the user's aliases (add, edit, delete, test) and the built-in names. */
export function ModelsScreen() {
  const { settings, loadError, refresh } = useOutcrop();
  const views = useModelViews();
  const { models, error: modelsError, reload } = views;
  const [preset, setPreset] = useState<{ target: string; key: number }>();
  // The profile preference decides which profile each model goes through: show its effect at once.
  const preference = settings?.profilePreference;
  const [shownPreference, setShownPreference] = useState(preference);
  useEffect(() => {
    if (preference === shownPreference) return;
    setShownPreference(preference);
    if (shownPreference !== undefined) void reload();
  }, [preference, shownPreference, reload]);
  return (
    <section aria-labelledby="models-title" className="mdl-screen">
      <h1 id="models-title">Models &amp; aliases</h1>
      <p className="muted mdl-intro">
        Tools ask for a model by name. Give Bedrock models the names your tools already send, and choose what runs when they
        send none.
      </p>
      {loadError && !settings && (
        <div className="banner banner-bad" role="alert">
          Could not load the settings: {loadError}{' '}
          <button type="button" onClick={() => void refresh()}>Try again</button>
        </div>
      )}
      {modelsError && (
        <div className="banner banner-warn" role="status" data-testid="models-error">
          Could not list the models your account can use ({modelsError}). You can still type any model id, alias or ARN.{' '}
          <button type="button" onClick={() => void reload()}>Try again</button>
        </div>
      )}
      {!settings ? (
        <div className="card skeleton mdl-loading" aria-busy="true">Loading aliases…</div>
      ) : (
        <>
          <DefaultModelPicker views={views} />
          <AvailableModels models={models} modelsError={modelsError} onAddAlias={(target) => setPreset((p) => ({ target, key: (p?.key ?? 0) + 1 }))} />
          <div className="card">
            <h2 id="aliases-title" className="mdl-card-title">Your aliases</h2>
            <p className="muted mdl-card-hint">Your aliases win over the built-in names. Test sends one short prompt through the proxy.</p>
            {/* Not a direct child of the card: a card holding a table scrolls sideways (styles.css), which would clip the model pickers' lists. */}
            <div className="mdl-aliases">
              <AliasTable models={models} modelsError={modelsError} preset={preset} />
            </div>
          </div>
        </>
      )}
      <BuiltInAliases models={models} />
    </section>
  );
}
