import type { ApiKey } from '../../../src-shared/settings';

/** A new client API key: "oc-" and 32 random bytes in base64url (46 characters), made in the browser. */
export function generateApiKey(name: string, now = new Date()): ApiKey {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { id, name, key: `oc-${base64url(bytes)}`, createdAt: now.toISOString() };
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The key with its middle hidden: enough to recognise it, not to use it. */
export function maskApiKey(key: string): string {
  if (key.length <= 8) return '•'.repeat(key.length);
  const prefix = key.startsWith('oc-') ? 'oc-' : key.slice(0, 2);
  return `${prefix}${'•'.repeat(12)}${key.slice(-4)}`;
}

/** The created date, in the user's locale. */
export function createdOn(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}
