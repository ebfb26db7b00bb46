import { useCallback, useEffect, useRef, useState } from 'react';
import type { Diagnosis } from '../../../src-shared/admin';
import { useOutcrop } from '../../context';

/** The doctor's checklist, loaded now and again whenever credentials, settings or the address change. */
export function useDiagnosis(): { diagnosis?: Diagnosis; error?: string; reload(): void } {
  const { api, onEvent } = useOutcrop();
  const [diagnosis, setDiagnosis] = useState<Diagnosis>();
  const [error, setError] = useState<string>();
  const seq = useRef(0);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    api.diagnosis().then(
      (d) => {
        // A slow answer (it calls AWS) must not replace a newer one.
        if (mine !== seq.current) return;
        setDiagnosis(d);
        setError(undefined);
      },
      (err: Error) => mine === seq.current && setError(err.message),
    );
  }, [api]);

  useEffect(() => {
    reload();
    return onEvent((e) => {
      if (e.type === 'credentials' || e.type === 'settings' || e.type === 'listening') reload();
    });
  }, [reload, onEvent]);

  return { diagnosis, error, reload };
}
