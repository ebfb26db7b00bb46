import { SettingsFileBanner } from '../components/SettingsFileBanner';
import { useOutcrop } from '../context';
import { useLeaveGuard } from '../components/LeaveGuard';
import { AddressSection, addressSpec } from './settings/AddressSection';
import { ApiKeysSection } from './settings/ApiKeysSection';
import { BedrockSection, bedrockSpec } from './settings/BedrockSection';
import { GeneralSection, generalSpec } from './settings/GeneralSection';
import { LimitsSection, limitsSpec } from './settings/LimitsSection';
import { ResponsesStoreSection, responsesStoreSpec } from './settings/ResponsesStoreSection';
import { SaveBar } from './settings/SettingsField';
import { SettingsFormProvider, useSettingsFormState, useWarnBeforeUnload } from './settings/use-settings-form';
import './settings/settings.css';

const SPECS = [addressSpec, limitsSpec, responsesStoreSpec, bedrockSpec, generalSpec];

/**
 * The Settings screen: address, API keys, limits, stored responses, Bedrock connection, request log
 * and startup. One form with one Save (one PATCH of what changed), so an edit cannot be left behind
 * in a section whose own Save was missed; leaving with unsaved edits asks first. The API keys and
 * the Bedrock API key are actions that apply at once, not fields of the form.
 */
export function SettingsScreen() {
  return (
    <SettingsFormProvider specs={SPECS}>
      <SettingsPage />
    </SettingsFormProvider>
  );
}

function SettingsPage() {
  const { status, settings, loadError, refresh } = useOutcrop();
  return (
    <section aria-labelledby="settings-title" className="st">
      <div className="st-head">
        <h1 id="settings-title">Settings</h1>
        {status && (
          <p className="muted st-file">
            Saved in <code>{status.settingsFile}</code>
          </p>
        )}
      </div>
      <SettingsFileBanner />
      {loadError && !settings ? (
        <div className="banner banner-bad" role="alert" data-testid="settings-error">
          <p className="st-banner-text">The settings did not load: {loadError}</p>
          <button type="button" onClick={() => void refresh()}>
            Retry
          </button>
        </div>
      ) : !settings ? (
        <div aria-busy="true" data-testid="settings-loading">
          <p className="visually-hidden" role="status">
            Loading settings…
          </p>
          {[180, 240, 220].map((h, n) => (
            <div key={n} className="card st-skeleton" style={{ height: h }} />
          ))}
        </div>
      ) : (
        <>
          <AddressSection />
          <ApiKeysSection />
          <LimitsSection />
          <ResponsesStoreSection />
          <BedrockSection />
          <GeneralSection />
          <OneSaveBar />
        </>
      )}
    </section>
  );
}

function OneSaveBar() {
  const form = useSettingsFormState();
  const dirty = form.dirtySections.length > 0;
  useWarnBeforeUnload(dirty);
  useLeaveGuard(dirty ? `Settings has unsaved changes in ${form.dirtySections.join(', ')}.` : undefined, form.revert);
  return <SaveBar status={form.status} dirtySections={form.dirtySections} onSave={() => void form.save()} onRevert={form.revert} />;
}
