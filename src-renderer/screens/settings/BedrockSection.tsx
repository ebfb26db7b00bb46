import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { useOutcrop } from '../../context';
import type { Settings } from '../../../src-shared/settings';
import { CheckField, Field, SectionForm, SettingsSection, StatusLine } from './SettingsField';
import { useSettingsForm, type FormSpec, type SaveStatus } from './use-settings-form';

type BedrockForm = { profilePreference: Settings['profilePreference']; bedrockEndpoint: string; httpsProxy: string; noProxy: string; allowPrivateImageHosts: boolean };

/** The ways a model Bedrock offers several ways can be called (settings.profilePreference), as the select offers them. */
export const PROFILE_PREFERENCES: ReadonlyArray<[Settings['profilePreference'], string]> = [
  ['geo', 'Geography profile (us., eu., … — data stays in the geography)'],
  ['global', 'Global profile (most capacity; lower price for Claude 4.5+)'],
  ['in-region', 'In-region (on-demand models only)'],
];

function httpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

export const bedrockSpec: FormSpec<BedrockForm> = {
  section: 'Amazon Bedrock',
  read: (s) => ({ profilePreference: s.profilePreference, bedrockEndpoint: s.bedrockEndpoint ?? '', httpsProxy: s.httpsProxy ?? '', noProxy: s.noProxy ?? '', allowPrivateImageHosts: s.allowPrivateImageHosts }),
  write: (d) => {
    const url = d.bedrockEndpoint.trim();
    const proxy = d.httpsProxy.trim();
    const noProxy = d.noProxy.trim();
    const errors: Partial<Record<keyof BedrockForm, string>> = {};
    if (url && !httpUrl(url)) errors.bedrockEndpoint = 'Enter a full URL, such as https://vpce-0123.bedrock-runtime.us-east-1.vpce.amazonaws.com.';
    if (proxy && !httpUrl(proxy)) errors.httpsProxy = 'Enter the proxy as a URL, such as http://proxy.example.com:3128.';
    if (Object.keys(errors).length) return { errors };
    // null unsets a value: AWS's own endpoint for the region; the proxy of the environment, if any.
    return { patch: { profilePreference: d.profilePreference, bedrockEndpoint: url || null, httpsProxy: proxy || null, noProxy: noProxy || null, allowPrivateImageHosts: d.allowPrivateImageHosts } };
  },
};

/** The Bedrock endpoint override, the company proxy, private image hosts, and the write-only Bedrock API key. */
export function BedrockSection() {
  const { status } = useOutcrop();
  const form = useSettingsForm(bedrockSpec);
  if (!form.values) return null;
  return (
    <SettingsSection
      id="bedrock"
      title="Amazon Bedrock"
      description={
        <>
          <p>How Outcrop reaches Bedrock and the image URLs in requests. Changes apply from the next request.</p>
          <p>Behind a company proxy that inspects HTTPS, point AWS_CA_BUNDLE (or NODE_EXTRA_CA_CERTS) at its CA certificate before starting Outcrop.</p>
          {status && (
            <p>
              <span className={`pill ${status.usesApiKey ? 'pill-ok' : 'pill-muted'}`} data-testid="bedrock-auth">
                {status.usesApiKey ? 'Using a Bedrock API key' : `Using AWS profile ${status.profile}`}
              </span>
            </p>
          )}
        </>
      }
    >
      <SectionForm>
        <Field
          name="profilePreference"
          label="Call models through"
          error={form.errors.profilePreference}
          hint="For a model Bedrock offers more than one way; the others follow when the preferred one is not offered. The Models screen shows the profile each model goes through."
        >
          {(p) => (
            <select {...p} value={form.values!.profilePreference} onChange={(e) => form.set('profilePreference', e.target.value as Settings['profilePreference'])}>
              {PROFILE_PREFERENCES.map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="bedrockEndpoint" label="Bedrock runtime endpoint" error={form.errors.bedrockEndpoint} hint="For a VPC endpoint. Empty: AWS’s endpoint for the region.">
          {(p) => (
            <input
              {...p}
              type="url"
              spellCheck={false}
              placeholder="https://bedrock-runtime.us-east-1.amazonaws.com"
              value={form.values!.bedrockEndpoint}
              onChange={(e) => form.set('bedrockEndpoint', e.target.value)}
            />
          )}
        </Field>
        <Field
          name="httpsProxy"
          label="Proxy"
          error={form.errors.httpsProxy}
          hint="For a company network: Bedrock, AWS sign-in and image downloads go through it (user:password@ if it asks). Empty: HTTPS_PROXY from the environment, if set."
        >
          {(p) => (
            <input
              {...p}
              type="url"
              spellCheck={false}
              autoComplete="off"
              placeholder="http://proxy.example.com:3128"
              value={form.values!.httpsProxy}
              onChange={(e) => form.set('httpsProxy', e.target.value)}
            />
          )}
        </Field>
        <Field name="noProxy" label="No proxy for" error={form.errors.noProxy} hint="Hosts that skip the proxy, comma-separated, as NO_PROXY: localhost, 127.0.0.1, .internal.example.com. Empty: NO_PROXY from the environment.">
          {(p) => (
            <input
              {...p}
              type="text"
              spellCheck={false}
              placeholder="localhost, 127.0.0.1"
              value={form.values!.noProxy}
              onChange={(e) => form.set('noProxy', e.target.value)}
            />
          )}
        </Field>
        <CheckField
          name="allowPrivateImageHosts"
          label="Allow private image hosts"
          checked={form.values.allowPrivateImageHosts}
          error={form.errors.allowPrivateImageHosts}
          onChange={(on) => form.set('allowPrivateImageHosts', on)}
          hint="Lets image URLs in requests point at this computer or your private network (localhost, 10.x, 192.168.x…). Off: Outcrop refuses them, so a prompt cannot make it read local services."
        />
      </SectionForm>
      <div className="st-separator" />
      <BedrockApiKeyForm />
    </SettingsSection>
  );
}

function BedrockApiKeyForm() {
  const { api, status, refresh } = useOutcrop();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [save, setSave] = useState<SaveStatus>({ state: 'idle' });
  const [message, setMessage] = useState('');
  const busy = save.state === 'saving';

  const apply = async (value: string | undefined): Promise<void> => {
    setSave({ state: 'saving' });
    setMessage(value ? 'Saving the key…' : 'Removing the key…');
    setError(undefined);
    try {
      await api.setBedrockApiKey(value);
      setKey('');
      setSave({ state: 'saved' });
      setMessage(value ? 'Saved. Requests use this key from the next one on.' : 'Removed. Requests use your AWS profile again.');
      await refresh();
    } catch (err) {
      const text = (err as Error).message;
      if (err instanceof ApiError && err.param === 'key') setError(text);
      setSave({ state: 'failed', message: text });
      setMessage(err instanceof ApiError && err.param === 'key' ? 'Not saved: see the marked field.' : `Not saved: ${text}`);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!key.trim()) {
      setError('Paste the key first.');
      return;
    }
    void apply(key.trim());
  };

  return (
    <form noValidate onSubmit={submit}>
      <Field
        name="bedrockApiKey"
        label="Bedrock API key"
        error={error}
        hint="Instead of AWS credentials. Write-only: kept in the OS keychain (or a private file headless), never shown again."
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={status?.usesApiKey ? 'A key is saved — paste a new one to replace it' : 'Paste a Bedrock API key'}
            value={key}
            onChange={(e) => {
              setKey(e.target.value);
              setError(undefined);
            }}
          />
        )}
      </Field>
      <div className="st-savebar">
        <button type="submit" className="primary" disabled={busy || !key.trim()}>
          Save key
        </button>
        <button type="button" className="danger" disabled={busy || !status?.usesApiKey} onClick={() => void apply(undefined)}>
          Remove key
        </button>
        <StatusLine status={save} testId="bedrock-key-status">
          {message}
        </StatusLine>
      </div>
    </form>
  );
}
