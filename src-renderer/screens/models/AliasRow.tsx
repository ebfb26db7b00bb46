import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChatTestResult } from '../../api';
import { ModelCombobox, type ModelOption } from '../../components/ModelCombobox';
import type { ModelAccess } from '../../../src-shared/admin';
import { AccessBadge } from './AccessBadge';
import { aliasProblems, isClean } from './alias-rules';

export type TestState = { running: true } | ({ running: false } & ChatTestResult);

export interface AliasRowProps {
  name: string;
  target: string;
  /** The Bedrock model the alias resolves to; null when it does not resolve, undefined while loading. */
  resolved: string | null | undefined;
  /** Whether the account's Bedrock listing offers what it resolves to (see ModelView.access). */
  access?: ModelAccess;
  region?: string;
  aliases: Record<string, string>;
  options: ModelOption[];
  unavailableText?: string;
  editing: boolean;
  confirmingDelete: boolean;
  busy: boolean;
  /** Focus this row's Edit button (after an edit ends). */
  takeFocus: boolean;
  error?: string;
  test?: TestState;
  onEdit(): void;
  onCancel(): void;
  onSave(name: string, target: string): void;
  onAskDelete(): void;
  onDelete(): void;
  onTest(): void;
}

/** One of the user's aliases: shown with its Bedrock model and test result, or edited in place. */
export function AliasRow(p: AliasRowProps) {
  const slug = p.name.replace(/[^A-Za-z0-9_-]/g, '_');
  const errorId = `alias-error-${slug}`;
  return (
    <>
      {p.editing ? <EditCells {...p} errorId={errorId} slug={slug} /> : <ShowCells {...p} errorId={errorId} />}
      {p.error && (
        <tr className="mdl-subrow">
          <td colSpan={4}>
            <div className="mdl-row-error" id={errorId} role="alert" data-testid={`alias-error-${p.name}`}>{p.error}</div>
          </td>
        </tr>
      )}
      {p.test && !p.editing && (
        <tr className="mdl-subrow">
          <td colSpan={4}>
            <TestResult alias={p.name} test={p.test} />
          </td>
        </tr>
      )}
    </>
  );
}

function ShowCells(p: AliasRowProps & { errorId: string }) {
  const editRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (p.takeFocus) editRef.current?.focus();
  }, [p.takeFocus]);
  return (
    <tr data-testid={`alias-row-${p.name}`}>
      <th scope="row" className="mono mdl-alias">{p.name}</th>
      <td className="mono">{p.target}</td>
      <td className="mono mdl-resolved" data-testid={`alias-target-${p.name}`}>
        {p.resolved === undefined ? <span className="muted">…</span> : p.resolved ?? <span className="mdl-unresolved">does not resolve</span>}
        {p.resolved && p.access === 'not-listed' && <span className="mdl-row-access"><AccessBadge access={p.access} region={p.region} /></span>}
      </td>
      <td className="mdl-actions">
        {p.confirmingDelete ? (
          <>
            <span className="mdl-confirm">Delete?</span>
            <button type="button" className="danger" onClick={p.onDelete} disabled={p.busy} aria-label={`Confirm deleting ${p.name}`}>Delete</button>
            <button type="button" onClick={p.onCancel} autoFocus>Keep</button>
          </>
        ) : (
          <>
            <button type="button" onClick={p.onTest} disabled={p.test?.running} aria-label={`Test ${p.name}`}>
              {p.test?.running ? 'Testing…' : 'Test'}
            </button>
            <button type="button" ref={editRef} onClick={p.onEdit} aria-label={`Edit ${p.name}`}>Edit</button>
            <button type="button" className="danger" onClick={p.onAskDelete} aria-label={`Delete ${p.name}`}>Delete</button>
          </>
        )}
      </td>
    </tr>
  );
}

function EditCells(p: AliasRowProps & { errorId: string; slug: string }) {
  const [name, setName] = useState(p.name);
  const [target, setTarget] = useState(p.target);
  const [tried, setTried] = useState(false);
  const problems = aliasProblems(name, target, p.aliases, p.name);
  const submit = (e?: FormEvent): void => {
    e?.preventDefault();
    setTried(true);
    if (isClean(problems)) p.onSave(name.trim(), target.trim());
  };
  const nameError = (tried || name !== p.name) && problems.name;
  const targetError = tried && problems.target;
  const formId = `alias-edit-${p.slug}`;
  const hintId = `${formId}-problem`;
  return (
    <tr className="mdl-editing" data-testid={`alias-row-${p.name}`} onKeyDown={(e) => e.key === 'Escape' && p.onCancel()}>
      <td>
        <form id={formId} onSubmit={submit} />
        <input form={formId} className="mono mdl-fill" aria-label="Alias name" value={name} autoFocus onChange={(e) => setName(e.target.value)}
          aria-invalid={nameError ? true : undefined} aria-describedby={nameError || targetError ? hintId : p.error ? p.errorId : undefined} />
      </td>
      <td colSpan={2}>
        <ModelCombobox id={`${formId}-target`} form={formId} aria-label={`Model for ${p.name}`} value={target} onChange={setTarget} options={p.options} unavailableText={p.unavailableText}
          invalid={!!targetError} describedBy={nameError || targetError ? hintId : undefined} />
        {(nameError || targetError) && <div className="mdl-field-error" id={hintId}>{nameError || targetError}</div>}
      </td>
      <td className="mdl-actions">
        <button type="submit" form={formId} className="primary" disabled={p.busy}>{p.busy ? 'Saving…' : 'Save'}</button>
        <button type="button" onClick={p.onCancel}>Cancel</button>
      </td>
    </tr>
  );
}

function TestResult({ alias, test }: { alias: string; test: TestState }) {
  return (
    <div className={`mdl-test ${test.running ? '' : test.ok ? 'mdl-test-ok' : 'mdl-test-bad'}`} role="status" data-testid={`alias-test-${alias}`}>
      {test.running ? (
        <span className="muted">Sending “Say hello in five words.” to {alias}…</span>
      ) : (
        <>
          <span aria-hidden className="mdl-test-icon">{test.ok ? '✓' : '✕'}</span>
          <span className="mdl-test-text">{test.text || <em className="muted">(empty reply)</em>}</span>
          <span className="mdl-test-latency" data-testid={`alias-latency-${alias}`}>{test.latencyMs.toLocaleString()} ms</span>
        </>
      )}
    </div>
  );
}
