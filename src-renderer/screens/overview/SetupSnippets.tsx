import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { maskApiKey } from '../settings/api-keys';
import { buildSnippets, type Snippet, type SnippetInput } from './snippets';

export interface SetupSnippetsProps {
  input: SnippetInput;
  /** Names offered for the snippets' model (the default model first). */
  modelChoices: string[];
  onModelChange(model: string): void;
}

/** "Connect your tools": one tab per tool, each snippet filled in and copyable. */
export function SetupSnippets({ input, modelChoices, onModelChange }: SetupSnippetsProps) {
  const [reveal, setReveal] = useState(false);
  const shown = useMemo(() => buildSnippets(input.keyRequired && !reveal ? { ...input, apiKey: maskApiKey(input.apiKey) } : input), [input, reveal]);
  const real = useMemo(() => buildSnippets(input), [input]);
  const [selected, setSelected] = useState(0);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const base = useId();
  const modelId = `${base}-model`;

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    // From the focused tab (it can differ from the selected one after a click elsewhere).
    const at = tabs.current.findIndex((t) => t === document.activeElement);
    const from = at >= 0 ? at : selected;
    const moves: Record<string, number> = { ArrowRight: from + 1, ArrowLeft: from - 1, Home: 0, End: shown.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = (moves[e.key] + shown.length) % shown.length;
    setSelected(next);
    tabs.current[next]?.focus();
  };

  return (
    <section className="card ov-snippets" aria-labelledby={`${base}-title`}>
      <div className="ov-card-head">
        <h2 id={`${base}-title`}>Connect your tools</h2>
        <div className="ov-snippet-options">
          <label htmlFor={modelId}>Model</label>
          <select id={modelId} value={input.model} onChange={(e) => onModelChange(e.target.value)}>
            {modelChoices.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          {input.keyRequired && (
            <label className="check">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Show API key
            </label>
          )}
        </div>
      </div>
      <div className="tabs ov-tabs" role="tablist" aria-label="Tools" onKeyDown={onKey}>
        {shown.map((s, n) => (
          <button
            key={s.id}
            ref={(el) => void (tabs.current[n] = el)}
            type="button"
            role="tab"
            id={`${base}-tab-${s.id}`}
            aria-selected={n === selected}
            aria-controls={`${base}-panel`}
            tabIndex={n === selected ? 0 : -1}
            onClick={() => setSelected(n)}
          >
            {s.label}
            {!s.supported && <span className="ov-tab-badge">not yet</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${shown[selected].id}`} className="ov-snippet-panel" data-testid="snippet-panel">
        <SnippetBody shown={shown[selected]} real={real[selected]} />
      </div>
    </section>
  );
}

function SnippetBody({ shown, real }: { shown: Snippet; real: Snippet }) {
  return (
    <>
      <p className={shown.supported ? 'ov-snippet-intro' : 'ov-snippet-intro ov-unsupported'}>{shown.intro}</p>
      {shown.code !== undefined && (
        <div className="ov-code">
          <div className="ov-code-head">
            <span className="muted">{shown.codeTitle}</span>
            <CopyButton text={real.code!} what={`${shown.label} snippet`} />
          </div>
          <pre data-testid="snippet-code">
            <code>{shown.code}</code>
          </pre>
        </div>
      )}
      {shown.fields && (
        <dl className="ov-fields">
          {shown.fields.map((f, n) => (
            <div key={f.label} className="ov-field-row">
              <dt>{f.label}</dt>
              <dd>
                <code data-testid="snippet-field">{f.value}</code>
                <CopyButton text={real.fields![n].value} what={`${shown.label} ${f.label}`} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {shown.note && <p className={`ov-note ov-note-${shown.note.tone}`}>{shown.note.text}</p>}
    </>
  );
}
