import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import './leave-guard.css';

interface Guard {
  /** What would be lost, for the question: "Settings has unsaved changes (Address)". */
  what: string;
  discard(): void;
}

const GuardContext = createContext<{ current: Guard | undefined } | undefined>(undefined);

/**
 * Asks before the app leaves a screen with unsaved edits: a sidebar click, a typed #/route or the
 * back button all change the hash, and the guard sees the change before the router does, puts the
 * address back and asks in a dialog; "Discard changes" then goes where the user was going.
 */
export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const guard = useRef<Guard | undefined>(undefined);
  const [pending, setPending] = useState<{ target: string; what: string }>();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onHash = (e: HashChangeEvent): void => {
      const g = guard.current;
      if (!g) return;
      // Capture listeners on the target run first: the router's listener never hears of it.
      e.stopImmediatePropagation();
      window.history.replaceState(window.history.state, '', e.oldURL);
      setPending({ target: new URL(e.newURL).hash, what: g.what });
    };
    window.addEventListener('hashchange', onHash, true);
    return () => window.removeEventListener('hashchange', onHash, true);
  }, []);

  useEffect(() => {
    if (pending && !dialog.current?.open) dialog.current?.showModal();
  }, [pending]);

  const stay = (): void => {
    dialog.current?.close();
    setPending(undefined);
  };
  const leave = (): void => {
    const target = pending?.target;
    guard.current?.discard();
    guard.current = undefined;
    stay();
    if (target !== undefined) window.location.hash = target;
  };

  return (
    <GuardContext.Provider value={guard}>
      {children}
      <dialog ref={dialog} className="leave-guard" aria-labelledby="leave-guard-title" aria-describedby="leave-guard-text" onClose={() => setPending(undefined)} data-testid="leave-guard">
        <h2 id="leave-guard-title">Leave without saving?</h2>
        <p id="leave-guard-text">{pending?.what} Leaving discards them.</p>
        <div className="leave-guard-buttons">
          <button type="button" className="primary" autoFocus onClick={stay}>
            Keep editing
          </button>
          <button type="button" className="danger" onClick={leave}>
            Discard changes
          </button>
        </div>
      </dialog>
    </GuardContext.Provider>
  );
}

/** While `what` is set, leaving the screen asks first; `discard` throws the edits away when the user chooses to leave. */
export function useLeaveGuard(what: string | undefined, discard: () => void): void {
  const guard = useContext(GuardContext);
  const latest = useRef(discard);
  latest.current = discard;
  useEffect(() => {
    if (!guard || !what) return;
    const mine: Guard = { what, discard: () => latest.current() };
    guard.current = mine;
    return () => {
      if (guard.current === mine) guard.current = undefined;
    };
  }, [guard, what]);
}
