import { useEffect, useState } from 'react';
import { useOutcrop } from '../../context';
import { Field, SectionForm, SettingsSection } from './SettingsField';
import { useSettingsForm, wholeNumber, type FieldErrors, type FormSpec } from './use-settings-form';
import { isLoopbackAddress } from '../../../src-shared/loopback';

export const addressSpec: FormSpec<{ port: string; host: string }> = {
  section: 'Address',
  read: (s) => ({ port: String(s.port), host: s.host }),
  write: (d) => {
    const errors: FieldErrors = {};
    const port = wholeNumber(d.port);
    // The range is the server's to check (one schema); here only what cannot be a number at all.
    if (port === undefined) errors.port = 'Enter a whole number, such as 8797.';
    const host = d.host.trim();
    if (!host) errors.host = 'Enter an address, such as 127.0.0.1.';
    else if (/\s|\/\//.test(host)) errors.host = 'Enter only the address, without http:// or spaces, such as 127.0.0.1.';
    return Object.keys(errors).length ? { errors } : { patch: { port, host } };
  },
};


/** Port and host the proxy listens on; a move is reported from the live events. */
export function AddressSection() {
  const { status, settings, onEvent, refresh } = useOutcrop();
  const form = useSettingsForm(addressSpec);
  const [moved, setMoved] = useState<{ ok: boolean; text: string; url?: string }>();

  useEffect(
    () =>
      onEvent((e) => {
        if (e.type === 'listening') {
          setMoved({ ok: true, text: `Outcrop now listens on ${e.url}. This page came from the old address; open settings at the new one:`, url: `${e.url}/ui/` });
          void refresh();
        }
        if (e.type === 'warning' && e.message.startsWith('Could not move')) setMoved({ ok: false, text: e.message });
      }),
    [onEvent, refresh],
  );

  if (!form.values || !settings) return null;
  const keysReady = settings.requireApiKey && settings.apiKeys.length > 0;
  const host = form.values.host.trim();
  const hostWarning =
    host && !isLoopbackAddress(host)
      ? keysReady
        ? `Other machines can reach Outcrop on ${host}; they need one of your API keys.`
        : `Outcrop refuses to listen on ${host} until “Require API key” is on with at least one key (below) — other machines could spend your AWS credits. Until then it stays where it is.`
      : undefined;

  return (
    <SettingsSection
      id="address"
      title="Address"
      description={
        <>
          <p>Where the proxy listens. Tools use this address; a change moves the listener at once.</p>
          {status && (
            <p>
              Now: <code data-testid="current-address">{status.url}</code>
            </p>
          )}
        </>
      }
    >
      <SectionForm>
        <div className="st-row">
          <Field name="port" label="Port" error={form.errors.port} hint="0: any free port.">
            {(p) => <input {...p} className="st-narrow" inputMode="numeric" value={form.values!.port} onChange={(e) => form.set('port', e.target.value)} />}
          </Field>
          <Field
            name="host"
            label="Host"
            error={form.errors.host}
            hint="127.0.0.1 keeps Outcrop to this machine."
            warning={hostWarning && <span data-tone={keysReady ? 'ok' : 'warn'}>{hostWarning}</span>}
          >
            {(p) => <input {...p} spellCheck={false} value={form.values!.host} onChange={(e) => form.set('host', e.target.value)} />}
          </Field>
        </div>
        {moved && (
          <p className={`st-notice ${moved.ok ? 'st-notice-ok' : 'st-notice-bad'}`} role="status">
            {moved.text} {moved.url && <a href={withToken(moved.url)}>{moved.url}</a>}
          </p>
        )}
      </SectionForm>
    </SettingsSection>
  );
}

// The new address is another origin: carry the admin token along in the fragment, as the printed link does.
function withToken(url: string): string {
  const token = window.sessionStorage.getItem('outcrop-admin-token');
  return token ? `${url}#token=${encodeURIComponent(token)}` : url;
}
