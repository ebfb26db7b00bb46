import { SettingsFileBanner } from '../components/SettingsFileBanner';
import { useOutcrop } from '../context';
import { AddressSection } from './settings/AddressSection';
import { ApiKeysSection } from './settings/ApiKeysSection';
import { BedrockSection } from './settings/BedrockSection';
import { GeneralSection } from './settings/GeneralSection';
import { LimitsSection } from './settings/LimitsSection';
import { ResponsesStoreSection } from './settings/ResponsesStoreSection';
import './settings/settings.css';

/** The Settings screen: address, API keys, limits, stored responses, Bedrock connection, request log and startup. Each section saves on its own. */
export function SettingsScreen() {
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
        </>
      )}
    </section>
  );
}
