import type { BackendInfo } from '../../../src-shared/admin';
import { isLoopbackUrl } from '../../../src-shared/loopback';

/** The header the Bedrock emulator puts on every response (tests/support/bedrock-emulator). */
export const EMULATOR_HEADER = 'x-outcrop-emulator';

export const EMULATOR_LABEL = 'Emulator (no AWS)';

export interface BackendProbe {
  backend: BackendInfo;
  reachable: { ok: true } | { ok: false; error: unknown };
}


/**
 * Real AWS or the emulator. The signal is the emulator announcing itself: a loopback Bedrock
 * endpoint whose answer carries `x-outcrop-emulator`. A loopback endpoint alone is not enough (it
 * may be a tunnel to real Bedrock), and endpoints elsewhere are not probed (a VPC endpoint may
 * need the corporate proxy, which a plain fetch does not use).
 */
export async function probeBackend(endpoint: string | undefined, timeoutMs = 2000): Promise<BackendProbe> {
  const aws: BackendInfo = { kind: 'aws', label: 'AWS', ...(endpoint ? { endpoint } : {}) };
  if (!endpoint || !isLoopbackUrl(endpoint)) return { backend: aws, reachable: { ok: true } };
  try {
    // Unsigned, so the emulator refuses it, but its answer still names it.
    const res = await fetch(`${endpoint.replace(/\/$/, '')}/foundation-models`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    const emulator = res.headers.has(EMULATOR_HEADER);
    return { backend: emulator ? { kind: 'emulator', label: EMULATOR_LABEL, endpoint } : aws, reachable: { ok: true } };
  } catch (error) {
    return { backend: aws, reachable: { ok: false, error: (error as { cause?: unknown }).cause ?? error } };
  }
}
