import { useEffect, useState } from 'react';

export const SCREENS = [
  { id: 'overview', label: 'Overview' },
  { id: 'models', label: 'Models & aliases' },
  { id: 'caching', label: 'Caching' },
  { id: 'credentials', label: 'Credentials' },
  { id: 'logs', label: 'Logs' },
  { id: 'usage', label: 'Usage' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

function fromHash(): ScreenId {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[?&]/)[0];
  return (SCREENS.find((s) => s.id === id)?.id ?? 'overview') as ScreenId;
}

/** The current screen, kept in the URL hash (#/logs) so reloads and the back button work. */
export function useScreen(): [ScreenId, (id: ScreenId) => void] {
  const [screen, setScreen] = useState<ScreenId>(fromHash);
  useEffect(() => {
    const onHash = (): void => setScreen(fromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [screen, (id) => (window.location.hash = `#/${id}`)];
}
