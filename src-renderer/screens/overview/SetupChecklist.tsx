import type { CheckId, Diagnosis, DiagnosisCheck } from '../../../src-shared/admin';
import { InlineCode } from '../../components/InlineCode';

const TITLES: Record<CheckId, string> = {
  credentials: 'Credentials',
  region: 'Region',
  'model-access': 'Model access',
  port: 'Port',
  backend: 'Emulator or AWS',
};

const PILL: Record<DiagnosisCheck['state'], [string, string]> = {
  ok: ['ok', 'OK'],
  warn: ['warn', 'Check'],
  fail: ['bad', 'Fix'],
  unknown: ['muted', 'Not checked'],
};

/** The doctor's checklist: credentials, region, model access, port, emulator or real AWS — each with its state and fix. */
export function SetupChecklist({ diagnosis, error, onRecheck }: { diagnosis?: Diagnosis; error?: string; onRecheck(): void }) {
  const failing = diagnosis?.checks.filter((c) => c.state === 'fail').length ?? 0;
  return (
    <section className="card ov-checklist" aria-labelledby="ov-checklist-title" aria-busy={!diagnosis && !error} data-testid="setup-checklist" data-failing={diagnosis ? failing : undefined}>
      <div className="ov-card-head">
        <h2 id="ov-checklist-title">Setup check</h2>
        <button type="button" onClick={onRecheck}>
          Check again
        </button>
      </div>
      {error && !diagnosis && (
        <p className="ov-bad" role="alert">
          The setup check did not run: {error}
        </p>
      )}
      {!diagnosis && !error && <p className="ov-hint">Checking credentials, region and Bedrock…</p>}
      {diagnosis && (
        <ul className="ov-checks">
          {diagnosis.checks.map((c) => (
            <li key={c.id} className="ov-check" data-testid={`check-${c.id}`} data-state={c.state}>
              <span className={`pill pill-${PILL[c.state][0]}`}>{PILL[c.state][1]}</span>
              <div>
                <strong>{TITLES[c.id]}</strong> <span>
                  <InlineCode text={c.summary} />
                </span>
                {c.fix && (
                  <p className="ov-fix" data-testid={`fix-${c.id}`}>
                    To fix: <InlineCode text={c.fix} />
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
