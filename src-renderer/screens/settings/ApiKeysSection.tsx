import { useState, type FormEvent } from 'react';
import type { ApiKey } from '../../../src-shared/settings';
import { ApiError } from '../../api';
import { useOutcrop } from '../../context';
import { ApiKeyList } from './ApiKeyList';
import { generateApiKey } from './api-keys';
import { CheckField, Field, SettingsSection, StatusLine } from './SettingsField';
import { settingOf, type SaveStatus } from './use-settings-form';

/**
 * Require API key, and the client keys. Each action (toggle, create, delete) saves at once:
 * a key half-created in a draft would be a key the user copied but Outcrop does not accept.
 */
export function ApiKeysSection() {
  const { settings, saveSettings } = useOutcrop();
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });
  const [message, setMessage] = useState('');
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const [fresh, setFresh] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  // The checkbox shows the user's choice while it saves, then the saved value.
  const [pendingRequire, setPendingRequire] = useState<boolean>();
  if (!settings) return null;
  const keys = settings.apiKeys;
  const busy = status.state === 'saving';

  const run = async (patch: Record<string, unknown>, done: string, onParam?: (param: string, text: string) => boolean): Promise<boolean> => {
    setStatus({ state: 'saving' });
    setMessage('Saving…');
    try {
      await saveSettings(patch);
      setStatus({ state: 'saved' });
      setMessage(done);
      return true;
    } catch (err) {
      const text = (err as Error).message;
      const handled = err instanceof ApiError && err.param && onParam?.(err.param, text);
      setStatus({ state: 'failed', message: text });
      setMessage(handled ? 'Not saved: see the marked field.' : `Not saved: ${text}`);
      return false;
    }
  };

  const toggle = async (on: boolean): Promise<void> => {
    setPendingRequire(on);
    await run(
      { requireApiKey: on },
      on
        ? keys.length
          ? 'Saved. Clients must now send one of these keys.'
          : 'Saved. No key exists yet, so every request is refused until you create one.'
        : 'Saved. Any API key works again on this machine.',
    );
    setPendingRequire(undefined);
  };

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const trimmed = name.trim();
    const problem = !trimmed
      ? 'Give the key a name, such as the tool or machine that uses it.'
      : trimmed.length > 100
        ? 'Use at most 100 characters.'
        : keys.some((k) => k.name === trimmed)
          ? `There is already a key named “${trimmed}”.`
          : undefined;
    if (problem) {
      setNameError(problem);
      document.getElementById('settings-apiKeyName')?.focus();
      return;
    }
    const key = generateApiKey(trimmed);
    const index = keys.length;
    // The server names the new entry's field (apiKeys[n].name): its message goes under the name.
    const onParam = (param: string, text: string): boolean => {
      if (settingOf(param) !== 'apiKeys' || !param.startsWith(`apiKeys[${index}]`)) return false;
      setNameError(text);
      return true;
    };
    const ok = await run({ apiKeys: [...keys, key] }, `Created “${trimmed}”. Copy the key into your tool now.`, onParam);
    if (ok) {
      setName('');
      setFresh(key.id);
      setRevealed((r) => new Set(r).add(key.id));
    }
  };

  const remove = async (key: ApiKey): Promise<void> => {
    const ok = await run({ apiKeys: keys.filter((k) => k.id !== key.id) }, `Deleted “${key.name}”. Tools using it are refused from now on.`);
    if (ok) setConfirming(undefined);
  };

  const reveal = (id: string): void =>
    setRevealed((r) => {
      const next = new Set(r);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const noKeys = settings.requireApiKey && keys.length === 0;
  return (
    <SettingsSection
      id="api-keys"
      title="API keys"
      description={
        <p>
          Keys your tools send as <code>Authorization: Bearer</code> or <code>x-api-key</code>. Needed for a tunnel (Cursor) and for any host other than
          127.0.0.1.
        </p>
      }
    >
      <CheckField
        name="requireApiKey"
        label="Require an API key from clients"
        checked={pendingRequire ?? settings.requireApiKey}
        disabled={busy}
        onChange={(on) => void toggle(on)}
        hint={
          noKeys ? (
            <span className="st-warn-text">No key exists yet: every request is refused until you create one.</span>
          ) : settings.requireApiKey ? (
            'On: every request must carry one of the keys below.'
          ) : (
            'Off: on this machine any key works (tools can send “outcrop”).'
          )
        }
      />
      <ApiKeyList
        keys={keys}
        revealed={revealed}
        fresh={fresh}
        confirming={confirming}
        busy={busy}
        onReveal={reveal}
        onAskDelete={setConfirming}
        onDelete={(k) => void remove(k)}
      />
      <form className="st-add-key" noValidate onSubmit={(e) => void create(e)} aria-label="Create an API key">
        <Field name="apiKeyName" label="New key’s name" error={nameError} hint="The key is generated here and saved at once.">
          {(p) => (
            <input
              {...p}
              value={name}
              maxLength={120}
              placeholder="e.g. Cline on laptop"
              onChange={(e) => {
                setName(e.target.value);
                setNameError(undefined);
              }}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          Create key
        </button>
      </form>
      <p className="st-keys-status">
        <StatusLine status={status} testId="api-keys-status">
          {message}
        </StatusLine>
      </p>
    </SettingsSection>
  );
}
