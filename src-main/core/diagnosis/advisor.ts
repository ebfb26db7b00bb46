import type { ConfigAdvisor } from '../../../src-proxy/bedrock/errors';
import { adviceText, credentialsCheck, loadedCredentialsCheck, regionCheck } from './checks';
import type { SetupFacts } from './facts';

/**
 * The proxy's setup errors with the doctor's finding: what is missing and the fix for the way
 * Outcrop runs. The facts are read again on each error, so a fix made meanwhile is seen.
 */
export function configAdvisor(readFacts: () => Promise<SetupFacts>): ConfigAdvisor {
  return async (problem) => {
    const f = await readFacts();
    if (problem.kind === 'no-region') return adviceText([credentialsCheck(f), regionCheck(f)]);
    return adviceText([loadedCredentialsCheck(f, { ok: false, error: problem.error })]);
  };
}
