import { useEffect, useState } from 'react';
import type { CachingPolicySetting } from '../../../src-shared/settings';
import { useOutcrop } from '../../context';

export type Place = keyof CachingPolicySetting;

/** The three places Outcrop puts cache points, in the order the cache covers them. */
export const PLACES: Array<{ id: Place; title: string; what: string }> = [
  { id: 'tools', title: 'Tool definitions', what: 'A point after the tools. Agents send the same tools on every turn, so this prefix is reused the most.' },
  { id: 'system', title: 'System prompt', what: 'A point after the system prompt (and the tools before it). Coding assistants repeat long instructions on every request.' },
  { id: 'conversation', title: 'Conversation so far', what: 'A point after the latest user message, so the next turn reads the whole chat from the cache. Each turn writes a little more; pays off in long sessions.' },
];

/** The global caching defaults: one switch per place, saved as soon as it is flipped. */
export function CachingDefaults() {
  const { settings, saveSettings } = useOutcrop();
  const saved = settings?.caching;
  const [policy, setPolicy] = useState(saved);
  const [state, setState] = useState<{ saving?: Place; error?: string; message?: string }>({});
  const savedKey = JSON.stringify(saved);
  // Follows changes saved elsewhere (another window, the settings file).
  useEffect(() => setPolicy(saved), [savedKey]);

  const flip = async (place: Place, on: boolean): Promise<void> => {
    if (!policy) return;
    const next = { ...policy, [place]: on };
    setPolicy(next);
    setState({ saving: place });
    try {
      await saveSettings({ caching: next });
      const title = PLACES.find((p) => p.id === place)!.title;
      setState({ message: `${title}: caching ${on ? 'on' : 'off'} from the next request.` });
    } catch (err) {
      setPolicy(saved);
      setState({ error: `Not saved: ${(err as Error).message}` });
    }
  };

  return (
    <fieldset className="cch-defaults" disabled={!policy} aria-describedby="caching-defaults-msg">
      <legend className="cch-legend">Cache points by default</legend>
      {PLACES.map((p) => (
        <div className="cch-switch-row" key={p.id}>
          <input type="checkbox" role="switch" id={`caching-${p.id}`} className="cch-switch" checked={policy?.[p.id] ?? false}
            aria-describedby={`caching-${p.id}-what`} onChange={(e) => void flip(p.id, e.target.checked)} />
          <div>
            <label htmlFor={`caching-${p.id}`} className="cch-switch-label">{p.title}</label>
            <div id={`caching-${p.id}-what`} className="cch-what">{p.what}</div>
          </div>
        </div>
      ))}
      <div id="caching-defaults-msg" className={state.error ? 'cch-msg cch-msg-bad' : 'cch-msg'} role="status" data-testid="caching-defaults-msg">
        {state.saving ? 'Saving…' : state.error ?? state.message ?? ''}
      </div>
    </fieldset>
  );
}
