import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../src-shared/settings';
import { ApiError } from '../../api';
import { useOutcrop } from '../../context';

export type SettingsPatch = Partial<Record<keyof Settings, unknown>>;
export type FieldErrors = Record<string, string>;
export type SaveStatus = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; message?: string } | { state: 'failed'; message: string };
type Draft = Record<string, string | boolean>;

/** How one section's fields read the settings into text fields and write them back. */
export interface FormSpec<D extends Draft> {
  /** The section's title, for "Unsaved changes in …". */
  section: string;
  read(s: Settings): D;
  /** The patch to send, or errors for what the client can tell is wrong (the server checks the rest). */
  write(d: D): { patch: SettingsPatch } | { errors: FieldErrors };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = FormSpec<any>;

/** The id of a settings field's input, for labels, errors and focus. */
export const fieldId = (key: string): string => `settings-${key}`;

/** The top-level setting an error's `param` names: "apiKeys[0].key" → "apiKeys". */
export function settingOf(param: string | null | undefined): string | undefined {
  return param?.match(/^[A-Za-z]+/)?.[0];
}

/**
 * The form field a server error's `param` belongs to: the param itself, its top-level setting
 * ("host"), or its last name ("bedrockTimeouts.connectSeconds" → "connectSeconds").
 */
export function fieldForParam(param: string | null | undefined, fields: Iterable<string>): string | undefined {
  if (!param) return undefined;
  const known = new Set(fields);
  const last = param.match(/([A-Za-z]+)[^A-Za-z]*$/)?.[1];
  return [param, settingOf(param), last].find((f): f is string => f !== undefined && known.has(f));
}

/** A patch without the settings it would leave as they are (null and absent are the same: unset). */
export function changedOnly(patch: SettingsPatch, settings: Settings): SettingsPatch {
  const out: SettingsPatch = {};
  for (const [k, v] of Object.entries(patch)) if (canonical(v) !== canonical((settings as Record<string, unknown>)[k])) out[k as keyof Settings] = v;
  return out;
}

function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const differs = (draft: Draft, saved: Draft): boolean => Object.keys(draft).some((k) => draft[k] !== saved[k]);

interface FormState {
  drafts: ReadonlyMap<AnySpec, Draft>;
  errors: FieldErrors;
  status: SaveStatus;
  setDraft(spec: AnySpec, draft: Draft, field: string): void;
  dirtySections: string[];
  save(e?: FormEvent): Promise<void>;
  revert(): void;
}

const FormContext = createContext<FormState | undefined>(undefined);

/**
 * The Settings screen's one form: every section's draft (each follows the saved settings until the
 * user edits it), one Save that sends one PATCH with the settings that changed, the errors (the
 * client's, then the server's at the field its `param` names) and one saving/saved/failed state.
 * The specs must be stable (module-level) objects.
 */
export function SettingsFormProvider({ specs, children }: { specs: readonly AnySpec[]; children: ReactNode }) {
  const { settings, saveSettings } = useOutcrop();
  const [drafts, setDrafts] = useState<ReadonlyMap<AnySpec, Draft>>(new Map());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });
  const saving = useRef(false);

  const dirtySpecs = settings ? specs.filter((s) => drafts.has(s) && differs(drafts.get(s)!, s.read(settings))) : [];

  const setDraft = useCallback((spec: AnySpec, draft: Draft, field: string) => {
    setDrafts((d) => new Map(d).set(spec, draft));
    setErrors(({ [field]: _gone, ...rest }) => rest);
    setStatus((s) => (s.state === 'saving' ? s : { state: 'idle' }));
  }, []);

  const fail = (found: FieldErrors, message: string): void => {
    setErrors(found);
    setStatus({ state: 'failed', message });
    const first = Object.keys(found)[0];
    // Keyboard and screen-reader users land on what needs fixing.
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  const save = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    if (!settings || saving.current) return;
    const patch: SettingsPatch = {};
    const found: FieldErrors = {};
    for (const spec of dirtySpecs) {
      const result = spec.write(drafts.get(spec)!);
      if ('errors' in result) Object.assign(found, result.errors);
      else Object.assign(patch, changedOnly(result.patch, settings));
    }
    if (Object.keys(found).length) return fail(found, 'Not saved: fix the marked fields.');
    const sent = drafts;
    if (!Object.keys(patch).length) {
      // Edited back to what is saved: nothing to send.
      setDrafts(new Map());
      setStatus({ state: 'idle' });
      return;
    }
    saving.current = true;
    setStatus({ state: 'saving' });
    try {
      await saveSettings(patch);
      // The saved settings are now what the form shows, unless the user typed on while it saved:
      // that newer edit stays, and stays unsaved.
      setDrafts((current) => new Map([...current].filter(([spec, d]) => sent.get(spec) !== d)));
      setErrors({});
      setStatus({ state: 'saved' });
    } catch (err) {
      const fields = specs.flatMap((s) => Object.keys(s.read(settings)));
      const field = err instanceof ApiError ? fieldForParam(err.param, fields) : undefined;
      if (field) fail({ [field]: (err as Error).message }, 'Not saved: see the marked field.');
      else fail({}, `Not saved: ${(err as Error).message}`);
    } finally {
      saving.current = false;
    }
  };

  const revert = (): void => {
    setDrafts(new Map());
    setErrors({});
    setStatus({ state: 'idle' });
  };

  const value: FormState = { drafts, errors, status, setDraft, dirtySections: dirtySpecs.map((s) => s.section), save, revert };
  return createElement(FormContext.Provider, { value }, children);
}

/** The one form's state, for the Save bar and the leave guard. */
export function useSettingsFormState(): FormState {
  const form = useContext(FormContext);
  if (!form) throw new Error('useSettingsFormState outside SettingsFormProvider');
  return form;
}

/** One section's fields in the Settings screen's one form: its values, its errors, and `set`. */
export function useSettingsForm<D extends Draft>(spec: FormSpec<D>) {
  const { settings } = useOutcrop();
  const form = useSettingsFormState();
  const saved = useMemo(() => (settings ? spec.read(settings) : undefined), [settings, spec]);
  const values = (form.drafts.get(spec) as D | undefined) ?? saved;
  const set = <K extends keyof D & string>(key: K, value: D[K]): void => {
    if (values) form.setDraft(spec, { ...values, [key]: value }, key);
  };
  return { values, errors: form.errors, set, save: form.save };
}

/** While there are unsaved edits, closing or reloading the page asks first (the browser's own prompt). */
export function useWarnBeforeUnload(dirty: boolean): void {
  useEffect(() => {
    // In the desktop window the main process answers the held-back unload with its own Leave/Stay
    // dialog (src-main/electron/windows.ts, 'will-prevent-unload'); tray Quit destroys the window
    // and is never held back.
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent): void => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
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
