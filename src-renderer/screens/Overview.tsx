import { useMemo, useState } from 'react';
import { DefaultModelPicker } from '../components/DefaultModelPicker';
import { SettingsFileBanner } from '../components/SettingsFileBanner';
import { useModelViews } from '../components/use-model-views';
import { useOutcrop } from '../context';
import { localUrl, ProxyStatusCard } from './overview/ProxyStatusCard';
import { SetupChecklist } from './overview/SetupChecklist';
import { SetupSnippets } from './overview/SetupSnippets';
import { useDiagnosis } from './overview/use-diagnosis';
import type { SnippetInput } from './overview/snippets';
import { TodayCard } from './overview/TodayCard';
import './overview/overview.css';

/** The Overview screen: the address, the state at a glance, the setup checklist, the default model, today's usage, setup snippets. */
export function OverviewScreen() {
  const { status, settings, connection, loadError, refresh } = useOutcrop();
  const views = useModelViews();
  const check = useDiagnosis();
  const [snippetModel, setSnippetModel] = useState<string>();

  const modelChoices = useMemo(() => {
    if (!settings) return [];
    const names = [settings.defaultModel, ...Object.keys(settings.aliases)];
    for (const m of views.models ?? []) if (m.kind === 'chat' && (m.source === 'alias' || m.source === 'user-alias')) names.push(m.id);
    return [...new Set(names)];
  }, [settings, views.models]);

  const input = useMemo<SnippetInput | undefined>(() => {
    if (!status || !settings) return undefined;
    const key = settings.requireApiKey ? settings.apiKeys[0]?.key : undefined;
    const model = snippetModel && modelChoices.includes(snippetModel) ? snippetModel : settings.defaultModel;
    const fast = views.models?.find((m) => m.id === 'claude-haiku') ? 'claude-haiku' : undefined;
    return {
      baseUrl: `${localUrl(status.url)}/v1`,
      model,
      modelTarget: views.models?.find((m) => m.id === model)?.target,
      fastModel: fast,
      apiKey: key ?? 'outcrop',
      keyRequired: key !== undefined,
    };
  }, [status, settings, snippetModel, modelChoices, views.models]);

  return (
    <section aria-labelledby="overview-title" className="overview">
      <h1 id="overview-title">Overview</h1>
      <SettingsFileBanner />
      {loadError && !status ? (
        <div className="banner banner-bad" role="alert" data-testid="overview-error">
          <p className="ov-banner-text">Outcrop’s status did not load: {loadError}</p>
          <button type="button" onClick={() => void refresh()}>
            Retry
          </button>
        </div>
      ) : !status || !settings || !input ? (
        <OverviewSkeleton />
      ) : (
        <>
          <ProxyStatusCard status={status} connection={connection} diagnosis={check.diagnosis} />
          <SetupChecklist diagnosis={check.diagnosis} error={check.error} onRecheck={check.reload} />
          <div className="ov-pair">
            <DefaultModelPicker views={views} className="ov-default-model" />
            <TodayCard />
          </div>
          <SetupSnippets input={input} modelChoices={modelChoices} onModelChange={setSnippetModel} />
        </>
      )}
    </section>
  );
}

function OverviewSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite" data-testid="overview-loading">
      <p className="visually-hidden">Loading Outcrop’s status…</p>
      <div className="card ov-skeleton" style={{ height: 196 }} />
      <div className="ov-pair">
        <div className="card ov-skeleton" style={{ height: 150 }} />
        <div className="card ov-skeleton" style={{ height: 150 }} />
      </div>
      <div className="card ov-skeleton" style={{ height: 320 }} />
    </div>
  );
}
