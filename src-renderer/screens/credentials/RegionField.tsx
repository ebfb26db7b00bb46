import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { useOutcrop } from '../../context';
import { BEDROCK_REGIONS, looksLikeRegion } from './bedrock-regions';

/** The Bedrock region setting, with common regions suggested. */
export function RegionField() {
  const { settings, status, saveSettings } = useOutcrop();
  const saved = settings?.region ?? '';
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string>();
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');

  // Follow changes made elsewhere (the settings file, another window) unless the user is typing.
  useEffect(() => setValue(saved), [saved]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const region = value.trim();
    if (!looksLikeRegion(region)) {
      setError('Enter a region name such as us-east-1 or eu-central-1.');
      return;
    }
    setError(undefined);
    setState('saving');
    try {
      await saveSettings({ region });
      setState('saved');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : `Could not save the region: ${(err as Error).message}`);
      setState('idle');
    }
  };

  const changed = value.trim() !== saved;
  return (
    <form className="cred-region" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="cred-region-input">Bedrock region</label>
        <div className="row">
          <input
            id="cred-region-input"
            list="cred-bedrock-regions"
            value={value}
            placeholder={status?.region ?? 'us-east-1'}
            onChange={(e) => {
              setValue(e.target.value);
              setState('idle');
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'cred-region-hint cred-region-error' : 'cred-region-hint'}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className={changed ? 'primary' : undefined} disabled={!changed || state === 'saving'}>
            {state === 'saving' ? 'Saving…' : 'Save region'}
          </button>
          <span role="status" className="cred-saved">
            {state === 'saved' && !changed ? 'Saved' : ''}
          </span>
        </div>
        <datalist id="cred-bedrock-regions">
          {BEDROCK_REGIONS.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </datalist>
        <span id="cred-region-hint" className="hint">
          {saved
            ? `Requests go to ${saved}.`
            : `Not set here: requests go to ${status?.region ?? 'the region of the profile or AWS_REGION'}.`}{' '}
          Applies to the next request.
        </span>
        {error && (
          <span id="cred-region-error" className="error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
