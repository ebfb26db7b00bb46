import { useOutcrop } from '../context';

/**
 * settings.json cannot be read: Outcrop runs on the last good settings meanwhile, and says so
 * until the file is fixed or deleted (the core's settings-problem events keep it current).
 */
export function SettingsFileBanner() {
  const { status } = useOutcrop();
  if (!status?.settingsProblem) return null;
  return (
    <div className="banner banner-bad" role="alert" data-testid="settings-file-problem">
      <p className="banner-line">{status.settingsProblem}</p>
    </div>
  );
}
