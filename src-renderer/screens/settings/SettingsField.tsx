import type { ReactNode } from 'react';
import { helpText } from '../../components/InlineCode';
import { fieldId, type SaveStatus } from './use-settings-form';

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

/** Save and Revert, with the section's saving / saved / failed state in a line that never moves. */
export function SaveBar({ status, dirty, onRevert, label = 'Save' }: { status: SaveStatus; dirty: boolean; onRevert(): void; label?: string }) {
  const text =
    status.state === 'saving'
      ? 'Saving…'
      : status.state === 'saved'
        ? (status.message ?? 'Saved.')
        : status.state === 'failed'
          ? status.message
          : dirty
            ? 'Unsaved changes.'
            : '';
  return (
    <div className="st-savebar">
      <button type="submit" className="primary" disabled={!dirty || status.state === 'saving'}>
        {label}
      </button>
      <button type="button" onClick={onRevert} disabled={!dirty || status.state === 'saving'}>
        Revert
      </button>
      <StatusLine status={status}>{text}</StatusLine>
    </div>
  );
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
