import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import './model-combobox.css';

export interface ModelOption {
  value: string;
  /** Shown next to the value (a model's name, what an alias points to). */
  label?: string;
  group: string;
  /** The account's model listing does not offer it in this region (still selectable: the listing can be stale). */
  unavailable?: boolean;
}

export interface ModelComboboxProps {
  id: string;
  value: string;
  onChange(value: string): void;
  options: ModelOption[];
  placeholder?: string;
  invalid?: boolean;
  /** Ids of hint and error elements describing the field. */
  describedBy?: string;
  /** Shown in the list while there are no options yet (loading, listing failed). */
  emptyText?: string;
  disabled?: boolean;
  /** Shown on options marked unavailable (default "not available"). */
  unavailableText?: string;
  /** The form the field belongs to, when it is not inside it (a row of a table). */
  form?: string;
  'aria-label'?: string;
}

/**
 * A text field with a grouped, filterable list of models (ARIA 1.2 combobox). Any text is
 * accepted, so an application inference profile ARN the list does not know can be pasted in.
 */
export function ModelCombobox(props: ModelComboboxProps) {
  const { id, value, onChange, options, placeholder, invalid, describedBy, emptyText, disabled } = props;
  const listId = useId();
  const [open, setOpen] = useState(false);
  // What the list is filtered by: empty right after opening (show everything), the text once typed.
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);

  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? options.filter((o) => o.value.toLowerCase().includes(q) || o.label?.toLowerCase().includes(q)) : options;
  }, [options, query]);
  const groups = useMemo(() => {
    const out: Array<{ name: string; items: Array<{ option: ModelOption; index: number }> }> = [];
    filtered.forEach((option, index) => {
      const last = out.at(-1);
      if (last?.name === option.group) last.items.push({ option, index });
      else out.push({ name: option.group, items: [{ option, index }] });
    });
    return out;
  }, [filtered]);

  useEffect(() => {
    if (!open || active < 0) return;
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  const show = (q = ''): void => {
    setQuery(q);
    setActive(-1);
    setOpen(true);
  };
  const choose = (option: ModelOption): void => {
    onChange(option.value);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return show();
      if (!filtered.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i < 0 && step < 0 ? filtered.length - 1 : (i + step + filtered.length) % filtered.length));
    } else if (e.key === 'Enter' && open && active >= 0 && filtered[active]) {
      // Picks the highlighted model instead of submitting the form.
      e.preventDefault();
      choose(filtered[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  const activeId = open && active >= 0 ? `${listId}-${active}` : undefined;
  return (
    <div className="model-combobox">
      <input
        id={id}
        form={props.form}
        type="text"
        role="combobox"
        aria-label={props['aria-label']}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        disabled={disabled}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          show(e.target.value);
        }}
        onClick={() => !open && show()}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <button
        type="button"
        className="model-combobox-toggle"
        tabIndex={-1}
        aria-hidden
        disabled={disabled}
        onMouseDown={(e) => {
          e.preventDefault();
          (e.currentTarget.previousElementSibling as HTMLInputElement | null)?.focus();
          if (open) setOpen(false);
          else show();
        }}
      >
        ▾
      </button>
      <ul id={listId} role="listbox" ref={listRef} className="model-combobox-list" hidden={!open} aria-label="Models">
        {open && groups.map((g, gi) => (
          <li key={g.name} role="presentation">
            <div className="model-combobox-group" id={`${listId}-g${gi}`} role="presentation">{g.name}</div>
            <ul role="group" aria-labelledby={`${listId}-g${gi}`}>
              {g.items.map(({ option, index }) => (
                <li
                  key={option.value}
                  id={`${listId}-${index}`}
                  data-index={index}
                  role="option"
                  aria-selected={index === active}
                  className={`model-combobox-option${option.unavailable ? ' model-combobox-unavailable' : ''}`}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => index !== active && setActive(index)}
                  onClick={() => choose(option)}
                >
                  <span className="mono">{option.value}</span>
                  {option.label && <span className="model-combobox-label">{option.label}</span>}
                  {option.unavailable && <span className="model-combobox-note">{props.unavailableText ?? 'not available'}</span>}
                </li>
              ))}
            </ul>
          </li>
        ))}
        {open && !filtered.length && (
          <li role="presentation" className="model-combobox-empty">
            {options.length ? 'No model matches — the text is used as typed (an ARN works too).' : (emptyText ?? 'No models listed.')}
          </li>
        )}
      </ul>
    </div>
  );
}
