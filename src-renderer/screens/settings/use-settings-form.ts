import { useMemo, useState, type FormEvent } from 'react';
import type { Settings } from '../../../src-shared/settings';
import { ApiError } from '../../api';
import { useOutcrop } from '../../context';

export type SettingsPatch = Partial<Record<keyof Settings, unknown>>;
export type FieldErrors = Record<string, string>;
export type SaveStatus = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; message?: string } | { state: 'failed'; message: string };
type Draft = Record<string, string | boolean>;

/** How one section's form reads the settings into text fields and writes them back. */
export interface FormSpec<D extends Draft> {
  read(s: Settings): D;
  /** The patch to send, or errors for what the client can tell is wrong (the server checks the rest). */
  write(d: D): { patch: SettingsPatch } | { errors: FieldErrors };
}

/** The id of a settings field's input, for labels, errors and focus. */
export const fieldId = (key: string): string => `settings-${key}`;

/** The top-level setting an error's `param` names: "apiKeys[0].key" → "apiKeys". */
export function settingOf(param: string | null | undefined): string | undefined {
  return param?.match(/^[A-Za-z]+/)?.[0];
}

/**
 * One section's form: a draft that follows the saved settings until the user edits it, inline
 * errors (the client's, then the server's in place of the field `param` names), and a
 * saving/saved/failed state. The spec must be a stable (module-level) object.
 */
export function useSettingsForm<D extends Draft>(spec: FormSpec<D>) {
  const { settings, saveSettings } = useOutcrop();
  const [draft, setDraft] = useState<D>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });
  const saved = useMemo(() => (settings ? spec.read(settings) : undefined), [settings, spec]);
  const values = draft ?? saved;
  const dirty = Boolean(draft && saved && Object.keys(draft).some((k) => draft[k] !== saved[k]));

  const set = <K extends keyof D & string>(key: K, value: D[K]): void => {
    if (!values) return;
    setDraft({ ...values, [key]: value });
    setErrors(({ [key]: _gone, ...rest }) => rest);
    setStatus((s) => (s.state === 'saving' ? s : { state: 'idle' }));
  };

  const fail = (found: FieldErrors, message: string): void => {
    setErrors(found);
    setStatus({ state: 'failed', message });
    const first = Object.keys(found)[0];
    // Keyboard and screen-reader users land on what needs fixing.
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  const save = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    if (!values || status.state === 'saving') return;
    const result = spec.write(values);
    if ('errors' in result) return fail(result.errors, 'Not saved: fix the marked fields.');
    setStatus({ state: 'saving' });
    const sent = draft;
    try {
      await saveSettings(result.patch);
      // The saved settings are now what the form shows, unless the user typed on while it saved:
      // that newer edit stays, and stays unsaved.
      setDraft((current) => (current === sent ? undefined : current));
      setErrors({});
      setStatus({ state: 'saved' });
    } catch (err) {
      const field = err instanceof ApiError ? settingOf(err.param) : undefined;
      if (field && field in values) fail({ [field]: err instanceof Error ? err.message : String(err) }, 'Not saved: see the marked field.');
      else fail({}, `Not saved: ${(err as Error).message}`);
    }
  };

  const revert = (): void => {
    setDraft(undefined);
    setErrors({});
    setStatus({ state: 'idle' });
  };

  return { values, errors, status, dirty, set, save, revert };
}

/** A whole number from a text field, or undefined when it is not one. */
export function wholeNumber(text: string): number | undefined {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** A list typed one per line or comma separated. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
