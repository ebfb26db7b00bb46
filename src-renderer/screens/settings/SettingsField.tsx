import type { KeyboardEvent, ReactNode } from 'react';
import { helpText } from '../../components/InlineCode';
import { fieldId, useSettingsFormState, type SaveStatus } from './use-settings-form';

export interface InputProps {
  id: string;
  'aria-describedby': string;
  'aria-invalid'?: true;
}

/** A labelled field: the input, then one line that shows the hint or, in its place, the error. */
export function Field(props: { name: string; label: string; hint?: ReactNode; error?: string; warning?: ReactNode; children: (p: InputProps) => ReactNode }) {
  const id = fieldId(props.name);
  const msg = `${id}-message`;
  return (
    <div className="field st-field">
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-describedby': props.warning ? `${msg} ${id}-warning` : msg, 'aria-invalid': props.error ? true : undefined })}
      <p id={msg} className={props.error ? 'error st-msg' : 'hint st-msg'} data-testid={msg}>
        {props.error ?? helpText(props.hint)}
      </p>
      {props.warning && (
        <p id={`${id}-warning`} className="st-warning" data-testid={`${id}-warning`}>
          {props.warning}
        </p>
      )}
    </div>
  );
}

/** A labelled checkbox with its hint (or error) below. */
export function CheckField(props: { name: string; label: string; hint?: ReactNode; error?: string; checked: boolean; disabled?: boolean; onChange(checked: boolean): void }) {
  const id = fieldId(props.name);
  const msg = `${id}-message`;
  return (
    <div className="field st-field st-check">
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          disabled={props.disabled}
          aria-describedby={msg}
          aria-invalid={props.error ? true : undefined}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        {props.label}
      </label>
      <p id={msg} className={props.error ? 'error st-msg' : 'hint st-msg'} data-testid={msg}>
        {props.error ?? helpText(props.hint)}
      </p>
    </div>
  );
}

/** A settings card: title and explanation on the left, the form on the right. */
export function SettingsSection({ id, title, description, children }: { id: string; title: string; description: ReactNode; children: ReactNode }) {
  return (
    <section className="card st-section" aria-labelledby={`${id}-title`} data-testid={`section-${id}`}>
      <div className="st-aside">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="st-description">{description}</div>
      </div>
      <div className="st-body">{children}</div>
    </section>
  );
}

/**
 * The Settings screen's one Save and Revert, kept in view at the bottom of the window, with the
 * saving / saved / failed state and which sections hold unsaved changes.
 */
export function SaveBar({ status, dirtySections, onSave, onRevert }: { status: SaveStatus; dirtySections: string[]; onSave(): void; onRevert(): void }) {
  const dirty = dirtySections.length > 0;
  const text =
    status.state === 'saving'
      ? 'Saving…'
      : status.state === 'saved'
        ? (status.message ?? 'Saved.')
        : status.state === 'failed'
          ? status.message
          : dirty
            ? `Unsaved changes in ${listOf(dirtySections)}.`
            : 'All changes saved.';
  return (
    <div className="st-savebar st-savebar-main" data-testid="settings-savebar" data-dirty={dirty || undefined}>
      <button type="button" className="primary" disabled={!dirty || status.state === 'saving'} onClick={onSave}>
        Save
      </button>
      <button type="button" onClick={onRevert} disabled={!dirty || status.state === 'saving'}>
        Revert
      </button>
      <StatusLine status={status} testId="settings-save-status">
        {text}
      </StatusLine>
    </div>
  );
}

function listOf(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A polite live line for a save's outcome, coloured by state. */
export function StatusLine({ status, children, testId }: { status: SaveStatus; children: ReactNode; testId?: string }) {
  return (
    <span className="st-status" role="status" data-state={status.state} data-testid={testId}>
      {status.state === 'saved' && <span aria-hidden>✓ </span>}
      {children}
    </span>
  );
}

/**
 * A section's fields in the one form. Enter in a one-line field saves everything, as a form's
 * submit button would (the one Save sits outside the sections, so the browser's own Enter does not).
 */
export function SectionForm({ children }: { children: ReactNode }) {
  const form = useSettingsFormState();
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>): void => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing || !(e.target instanceof HTMLInputElement) || e.target.type === 'checkbox') return;
    e.preventDefault();
    void form.save();
  };
  return (
    <form noValidate onSubmit={(e) => void form.save(e)} onKeyDown={onKeyDown}>
      {children}
    </form>
  );
}
