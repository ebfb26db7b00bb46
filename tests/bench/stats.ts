// Latency summaries and the two load shapes the bench uses: one at a time, and N in flight.
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50/p90/p95/p99/mean/min/max of millisecond samples, rounded to microseconds. */
export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: r(percentile(s, 50)), p90: r(percentile(s, 90)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), mean: r(mean), min: r(s[0] ?? NaN), max: r(s[s.length - 1] ?? NaN) };
}

/** One request: resolves to the milliseconds it measured (latency, TTFT…); throws on failure. */
export type Probe = () => Promise<number>;

export interface RunResult {
  samples: number[];
  errors: number;
  firstError?: string;
  wallMs: number;
}

/** Runs `count` probes one after another after `warmup` unrecorded ones (no new probe after `budgetMs`). */
export async function runSequential(probe: Probe, warmup: number, count: number, budgetMs = Infinity): Promise<RunResult> {
  for (let i = 0; i < warmup; i++) await probe().catch(() => undefined);
  return runConcurrent(probe, 1, count, budgetMs);
}

/**
 * Runs `count` probes keeping `concurrency` in flight; failures are counted, not thrown. No probe
 * starts after `budgetMs`, so a busy machine gives fewer samples rather than a longer run.
 */
export async function runConcurrent(probe: Probe, concurrency: number, count: number, budgetMs = Infinity): Promise<RunResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + budgetMs;
  const worker = async (): Promise<void> => {
    while (started < count && performance.now() < deadline) {
      started++;
      try {
        samples.push(await probe());
      } catch (err) {
        errors++;
        firstError ??= (err as Error)?.message ?? String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { samples, errors, firstError, wallMs: performance.now() - t0 };
}

/** Alternates rounds of A and B so that drift (GC, JIT, CPU frequency) lands on both sides equally. */
export async function interleaved(rounds: number, a: () => Promise<RunResult>, b: () => Promise<RunResult>): Promise<[RunResult, RunResult]> {
  const merge = (x: RunResult, y: RunResult): RunResult => ({
    samples: [...x.samples, ...y.samples],
    errors: x.errors + y.errors,
    firstError: x.firstError ?? y.firstError,
    wallMs: x.wallMs + y.wallMs,
  });
  let ra: RunResult = { samples: [], errors: 0, wallMs: 0 };
  let rb: RunResult = { samples: [], errors: 0, wallMs: 0 };
  for (let i = 0; i < rounds; i++) {
    // Swap the order each round so neither side always runs right after the other's GC debt.
    if (i % 2 === 0) {
      ra = merge(ra, await a());
      rb = merge(rb, await b());
    } else {
      rb = merge(rb, await b());
      ra = merge(ra, await a());
    }
  }
  return [ra, rb];
}
