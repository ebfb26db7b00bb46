import { CheckField, Field, SaveBar, SettingsSection } from './SettingsField';
import { useSettingsForm, wholeNumber, type FormSpec } from './use-settings-form';

const spec: FormSpec<{ logRetentionDays: string; keepBodies: boolean; launchAtLogin: boolean }> = {
  read: (s) => ({ logRetentionDays: String(s.logRetentionDays), keepBodies: s.keepBodies, launchAtLogin: s.launchAtLogin }),
  write: (d) => {
    const days = wholeNumber(d.logRetentionDays);
    if (days === undefined) return { errors: { logRetentionDays: 'Enter a number of days, such as 30.' } };
    return { patch: { logRetentionDays: days, keepBodies: d.keepBodies, launchAtLogin: d.launchAtLogin } };
  },
};

/** Request-log retention, kept bodies, and starting with the desktop session. */
export function GeneralSection() {
  const form = useSettingsForm(spec);
  if (!form.values) return null;
  const v = form.values;
  return (
    <SettingsSection id="general" title="Request log and startup" description={<p>What Outcrop keeps on disk, and whether the desktop app starts when you log in.</p>}>
      <form noValidate onSubmit={(e) => void form.save(e)}>
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
        <CheckField
          name="launchAtLogin"
          label="Launch Outcrop at login"
          checked={v.launchAtLogin}
          error={form.errors.launchAtLogin}
          onChange={(on) => form.set('launchAtLogin', on)}
          hint="The desktop app only; npm run serve ignores it."
        />
        <SaveBar status={form.status} dirty={form.dirty} onRevert={form.revert} />
      </form>
    </SettingsSection>
  );
}
