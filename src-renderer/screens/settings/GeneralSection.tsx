import { useState } from 'react';
import { LOG_LEVELS, type LogLevel } from '../../../src-shared/settings';
import { CopyButton } from '../../components/CopyButton';
import { useOutcrop } from '../../context';
import { CheckField, Field, SectionForm, SettingsSection } from './SettingsField';
import { useSettingsForm, wholeNumber, type FormSpec } from './use-settings-form';

export const generalSpec: FormSpec<{ logRetentionDays: string; keepBodies: boolean; logLevel: LogLevel; launchAtLogin: boolean }> = {
  section: 'Logs and startup',
  read: (s) => ({ logRetentionDays: String(s.logRetentionDays), keepBodies: s.keepBodies, logLevel: s.logLevel, launchAtLogin: s.launchAtLogin }),
  write: (d) => {
    const days = wholeNumber(d.logRetentionDays);
    if (days === undefined) return { errors: { logRetentionDays: 'Enter a number of days, such as 30.' } };
    return { patch: { logRetentionDays: days, keepBodies: d.keepBodies, logLevel: d.logLevel, launchAtLogin: d.launchAtLogin } };
  },
};

const LEVEL_LABELS: Record<LogLevel, string> = {
  error: 'Errors only',
  warn: 'Warnings and errors',
  info: 'Normal (failed requests, sign-in, start and stop)',
  debug: 'Debug (every request, with its headers redacted)',
};

/** Request-log retention, kept bodies, the diagnostic log, and starting with the desktop session. */
export function GeneralSection() {
  const form = useSettingsForm(generalSpec);
  if (!form.values) return null;
  const v = form.values;
  return (
    <SettingsSection id="general" title="Logs and startup" description={<p>What Outcrop keeps on disk, and whether the desktop app starts when you log in.</p>}>
      <SectionForm>
        <Field name="logRetentionDays" label="Keep request logs for (days)" error={form.errors.logRetentionDays} hint="1 to 365 days; older log files are deleted.">
          {(p) => <input {...p} className="st-narrow" inputMode="numeric" value={v.logRetentionDays} onChange={(e) => form.set('logRetentionDays', e.target.value)} />}
        </Field>
        <CheckField
          name="keepBodies"
          label="Keep request and response bodies"
          checked={v.keepBodies}
          error={form.errors.keepBodies}
          onChange={(on) => form.set('keepBodies', on)}
          hint="Shown in Logs, for debugging. Truncated; secrets and image bytes are redacted."
        />
        <Field name="logLevel" label="Diagnostic log" error={form.errors.logLevel} hint="What Outcrop writes to its own log file, the one to attach to a bug report. Keys, tokens and image bytes are never written.">
          {(p) => (
            <select {...p} value={v.logLevel} onChange={(e) => form.set('logLevel', e.target.value as LogLevel)}>
              {LOG_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {LEVEL_LABELS[level]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <DiagnosticLogFile />
        <CheckField
          name="launchAtLogin"
          label="Launch Outcrop at login"
          checked={v.launchAtLogin}
          error={form.errors.launchAtLogin}
          onChange={(on) => form.set('launchAtLogin', on)}
          hint="The desktop app only; npm run serve ignores it."
        />
      </SectionForm>
    </SettingsSection>
  );
}

/** Where the diagnostic log is: copy the path, and in the desktop app show it in the file manager. */
function DiagnosticLogFile() {
  const { api, status } = useOutcrop();
  const [revealError, setRevealError] = useState<string>();
  const log = status?.diagnosticLog;
  if (!log) return null;
  const reveal = async (): Promise<void> => {
    setRevealError(undefined);
    try {
      const { revealed } = await api.revealLogFile();
      if (!revealed) setRevealError('This Outcrop cannot open a file manager here; copy the path instead.');
    } catch (err) {
      setRevealError((err as Error).message);
    }
  };
  return (
    <div className="st-logfile" data-testid="diagnostic-log">
      {log.file ? (
        <p>
          Log file: <code data-testid="diagnostic-log-path">{log.file}</code> <CopyButton text={log.file} what="log file path" />{' '}
          {log.canReveal && (
            <button type="button" onClick={() => void reveal()}>
              Show in folder
            </button>
          )}
        </p>
      ) : null}
      {log.levelFrom === 'env' && (
        <p className="st-warning" role="note">
          OUTCROP_LOG_LEVEL is set for this process: it logs at “{log.level}” whatever is chosen here.
        </p>
      )}
      {log.problem && (
        <p className="st-warning" role="alert">
          {log.problem}
        </p>
      )}
      {revealError && (
        <p className="st-warning" role="alert">
          {revealError}
        </p>
      )}
    </div>
  );
}
