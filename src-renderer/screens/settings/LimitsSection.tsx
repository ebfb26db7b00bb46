import { Field, SectionForm, SettingsSection } from './SettingsField';
import { splitList, useSettingsForm, wholeNumber, type FieldErrors, type FormSpec } from './use-settings-form';

// The Bedrock timeouts: field, label, the schema's bounds (src-shared/settings.ts), the hint.
const TIMEOUTS = [
  { key: 'connectSeconds', label: 'Connect (seconds)', max: 300, hint: 'Bedrock timeout: a new connection (TCP, TLS, proxy) that takes longer fails with 504.' },
  { key: 'firstByteSeconds', label: 'First byte (seconds)', max: 3600, hint: 'Bedrock timeout: a non-streamed answer or a stream’s start that takes longer fails with 504. Long reasoning turns need minutes.' },
  { key: 'streamIdleSeconds', label: 'Stream idle (seconds)', max: 3600, hint: 'Bedrock timeout: a stream silent this long ends with an error; a stream also starts within this.' },
] as const;
type TimeoutKey = (typeof TIMEOUTS)[number]['key'];

// Seconds between 1 and `max`; fractions allowed, as the settings file allows them.
function seconds(text: string, max: number): number | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 1 && n <= max ? n : undefined;
}

export const limitsSpec: FormSpec<{ maxConcurrentPerClient: string; allowedHosts: string; allowedOrigins: string } & Record<TimeoutKey, string>> = {
  section: 'Limits and allowed sources',
  read: (s) => ({
    maxConcurrentPerClient: String(s.maxConcurrentPerClient),
    allowedHosts: s.allowedHosts.join('\n'),
    allowedOrigins: s.allowedOrigins.join('\n'),
    connectSeconds: String(s.bedrockTimeouts.connectSeconds),
    firstByteSeconds: String(s.bedrockTimeouts.firstByteSeconds),
    streamIdleSeconds: String(s.bedrockTimeouts.streamIdleSeconds),
  }),
  write: (d) => {
    const errors: FieldErrors = {};
    const max = wholeNumber(d.maxConcurrentPerClient);
    if (max === undefined) errors.maxConcurrentPerClient = 'Enter a whole number, such as 32.';
    const hosts = splitList(d.allowedHosts);
    const badHost = hosts.find((h) => /[/\s]/.test(h));
    if (badHost) errors.allowedHosts = `“${badHost}” is not a host name: leave out http:// and paths (my-tunnel.example.com).`;
    const origins = splitList(d.allowedOrigins);
    const badOrigin = origins.find((o) => !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(o));
    if (badOrigin) errors.allowedOrigins = `“${badOrigin}” is not an origin: scheme and host, no path (https://app.example.com).`;
    const timeouts = {} as Record<TimeoutKey, number>;
    for (const t of TIMEOUTS) {
      const value = seconds(d[t.key], t.max);
      if (value === undefined) errors[t.key] = `Enter a number of seconds from 1 to ${t.max}.`;
      else timeouts[t.key] = value;
    }
    return Object.keys(errors).length ? { errors } : { patch: { maxConcurrentPerClient: max, allowedHosts: hosts, allowedOrigins: origins, bedrockTimeouts: timeouts } };
  },
};

/** The per-client concurrency limit, the Bedrock timeouts, and the extra Host names and browser origins accepted. */
export function LimitsSection() {
  const form = useSettingsForm(limitsSpec);
  if (!form.values) return null;
  const v = form.values;
  return (
    <SettingsSection
      id="limits"
      title="Limits and allowed sources"
      description={<p>Protection against runaway tools, web pages and a Bedrock that stops answering. Loopback names and Outcrop’s own window are always allowed.</p>}
    >
      <SectionForm>
        <Field name="maxConcurrentPerClient" label="Requests in flight per client" error={form.errors.maxConcurrentPerClient} hint="Beyond this a client gets 429 until some finish.">
          {(p) => <input {...p} className="st-narrow" inputMode="numeric" value={v.maxConcurrentPerClient} onChange={(e) => form.set('maxConcurrentPerClient', e.target.value)} />}
        </Field>
        <div className="st-row" data-testid="bedrock-timeouts">
          {TIMEOUTS.map((t) => (
            <Field key={t.key} name={t.key} label={t.label} error={form.errors[t.key]} hint={t.hint}>
              {(p) => <input {...p} className="st-narrow" inputMode="decimal" value={v[t.key]} onChange={(e) => form.set(t.key, e.target.value)} />}
            </Field>
          ))}
        </div>
        <div className="st-row">
          <Field name="allowedHosts" label="Allowed hosts" error={form.errors.allowedHosts} hint="Extra Host names, such as a tunnel’s. One per line or comma separated.">
            {(p) => <textarea {...p} rows={3} spellCheck={false} placeholder="my-tunnel.example.com" value={v.allowedHosts} onChange={(e) => form.set('allowedHosts', e.target.value)} />}
          </Field>
          <Field name="allowedOrigins" label="Allowed origins" error={form.errors.allowedOrigins} hint="Web pages allowed to call the API. One per line or comma separated.">
            {(p) => <textarea {...p} rows={3} spellCheck={false} placeholder="https://app.example.com" value={v.allowedOrigins} onChange={(e) => form.set('allowedOrigins', e.target.value)} />}
          </Field>
        </div>
      </SectionForm>
    </SettingsSection>
  );
}
