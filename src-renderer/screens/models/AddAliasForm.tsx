import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ModelCombobox, type ModelOption } from '../../components/ModelCombobox';
import { aliasProblems, isClean } from './alias-rules';

export interface AddAliasFormProps {
  aliases: Record<string, string>;
  /** Built-in alias names, to say when a new alias overrides one. */
  builtIns: Set<string>;
  options: ModelOption[];
  optionsText: string;
  /** Said on options the account's listing does not offer. */
  unavailableText?: string;
  busy: boolean;
  /** The server's objection to the last attempt, shown under the fields. */
  serverError?: string;
  /** Saves; resolves true when the alias was saved (the form then clears). */
  onAdd(name: string, target: string): Promise<boolean>;
  /** A model to start an alias for (the Available list's "Add alias"): fills "Points to" and focuses the name; `key` changes per click. */
  preset?: { target: string; key: number };
}

/** The form under the alias table: a name, a model picked from the list or typed, and Add. */
export function AddAliasForm(p: AddAliasFormProps) {
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [tried, setTried] = useState(false);
  const problems = aliasProblems(name, target, p.aliases);
  const nameError = (tried || name !== '') && problems.name;
  const targetError = tried && problems.target;
  const trimmed = name.trim();
  const shadows = !nameError && p.builtIns.has(trimmed.toLowerCase());
  const nameRef = useRef<HTMLInputElement>(null);
  const presetKey = p.preset?.key;
  useEffect(() => {
    if (!p.preset) return;
    setTarget(p.preset.target);
    nameRef.current?.scrollIntoView({ block: 'center' });
    nameRef.current?.focus();
    // Only a new click presets; typing afterwards is the user's.
  }, [presetKey]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setTried(true);
    if (!isClean(problems)) return;
    if (await p.onAdd(trimmed, target.trim())) {
      setName('');
      setTarget('');
      setTried(false);
    }
  };

  return (
    <form className="mdl-add" onSubmit={submit} aria-labelledby="add-alias-title" noValidate>
      <h3 id="add-alias-title" className="mdl-add-title">Add an alias</h3>
      <div className="mdl-add-grid">
        <div className="field">
          <label htmlFor="new-alias-name">Alias</label>
          <input id="new-alias-name" ref={nameRef} className="mono" value={name} placeholder="e.g. gpt-4o" autoComplete="off" spellCheck={false}
            onChange={(e) => setName(e.target.value)} aria-invalid={nameError ? true : undefined} aria-describedby="new-alias-name-msg" />
          <div id="new-alias-name-msg" className={nameError ? 'error' : 'hint'}>
            {nameError || (shadows ? `Overrides the built-in alias ${trimmed}.` : 'The model name your tool sends.')}
          </div>
        </div>
        <div className="field">
          <label htmlFor="new-alias-target">Points to</label>
          <ModelCombobox id="new-alias-target" value={target} onChange={setTarget} options={p.options} unavailableText={p.unavailableText} emptyText={p.optionsText}
            placeholder="claude-sonnet, a model id or an inference profile ARN" invalid={!!targetError} describedBy="new-alias-target-msg" />
          <div id="new-alias-target-msg" className={targetError ? 'error' : 'hint'}>
            {targetError || 'Pick from the list or paste an application inference profile ARN.'}
          </div>
        </div>
        <button type="submit" className="primary mdl-add-button" disabled={p.busy}>{p.busy ? 'Adding…' : 'Add alias'}</button>
      </div>
      <div className="mdl-add-server" role="alert" data-testid="alias-error-new">{p.serverError ?? ''}</div>
    </form>
  );
}
