import { useEffect, useRef, useState } from 'react';
import './copy-button.css';

type CopyState = 'idle' | 'copied' | 'failed';

const LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Failed' };

/**
 * A button that copies `text` and says "Copied" for a moment. Every label is laid out in the same
 * cell, so the button keeps its width; a polite live region tells screen readers what happened.
 * `what` names the thing copied, for the accessible name ("Copy address").
 */
export function CopyButton({ text, what, className }: { text: string; what: string; className?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = async (): Promise<void> => {
    const ok = await copyText(text);
    setState(ok ? 'copied' : 'failed');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState('idle'), ok ? 1500 : 4000);
  };

  return (
    <>
      <button type="button" className={`copy-button${className ? ` ${className}` : ''}`} data-state={state} aria-label={`Copy ${what}`} onClick={() => void copy()}>
        {(Object.keys(LABELS) as CopyState[]).map((s) => (
          <span key={s} aria-hidden className={s === state ? 'copy-label-on' : undefined}>
            {LABELS[s]}
          </span>
        ))}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? `Copied ${what}` : state === 'failed' ? `Could not copy ${what}: select it and press Ctrl+C` : ''}
      </span>
    </>
  );
}

/** Copies text with the async clipboard, falling back to a selection for older shells. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
