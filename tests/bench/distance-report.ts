// The distance phase (distance.ts) in the printed table and among the targets.
import type { DistanceResult, DistanceSide } from './distance';
import type { Target } from './report';
import type { Summary } from './stats';

const f1 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(1) : 'n/a');

/** The issue's targets for the distance phase (issue 18), each PASS or MISS. */
export function distanceTargets(d: DistanceResult): Target[] {
  const targets: Target[] = [
    {
      name: `TTFT p50 at ${d.rttMs} ms RTT with pauses: Outcrop vs direct SDK`,
      target: '< direct',
      value: `${f1(d.outcrop.ttft.p50)} ms vs ${f1(d.direct.ttft.p50)} ms direct`,
      pass: d.outcrop.ttft.p50 < d.direct.ttft.p50 && d.outcrop.errors === 0,
    },
    {
      name: `upstream connections, ${d.turns} streamed turns with pauses`,
      target: '<= 2',
      value: `${d.outcrop.upstreamConnections} (${f1(d.outcrop.connectionsPer100Requests)} per 100 requests; direct ${f1(d.direct.connectionsPer100Requests)})`,
      pass: d.outcrop.upstreamConnections <= 2 && d.outcrop.errors === 0,
    },
    { name: 'ready time (spawn to /healthz 200, headless), p50', target: '< 300 ms', value: `${f1(d.ready.p50Ms)} ms`, pass: d.ready.p50Ms < 300 },
  ];
  if (d.idleCpu) {
    targets.push({ name: `idle CPU of the headless server (${d.idleCpu.seconds} s, warm)`, target: '< 0.1 %', value: `${d.idleCpu.pctOfCore.toFixed(3)} % of a core`, pass: d.idleCpu.pctOfCore < 0.1 });
  }
  return targets;
}

function row(label: string, d: Summary, o: Summary, key: 'p50' | 'p95' | 'max'): string {
  return `  ${label.padEnd(28)}${f1(d[key]).padStart(9)}${f1(o[key]).padStart(9)}${f1(o[key] - d[key]).padStart(9)}`;
}

/** The printed lines of phase 5. */
export function formatDistance(d: DistanceResult): string[] {
  const side = (name: string, s: DistanceSide) =>
    `  ${name.padEnd(9)} ${String(s.upstreamConnections).padStart(3)} upstream connections for ${s.ttft.n + s.errors} requests = ${f1(s.connectionsPer100Requests)} per 100; ${s.openAfter} open after the last turn; errors ${s.errors}${s.firstError ? ` (first: ${s.firstError})` : ''}`;
  return [
    `5.  Distance: Bedrock ${d.rttMs} ms away over TLS (+${d.handshakeMs} ms per new connection's TCP handshake), ${d.turns} streamed turns a side,`,
    `    ${d.pauses.count} pauses between turns (${d.pauses.totalSec} s in all, ${d.pauses.longerThan10s} longer than 10 s); the two sides take each turn back to back`,
    `  ${'time to first token'.padEnd(28)}${'direct'.padStart(9)}${'Outcrop'.padStart(9)}${'diff'.padStart(9)}   (ms)`,
    row('p50', d.direct.ttft, d.outcrop.ttft, 'p50'),
    row('p95', d.direct.ttft, d.outcrop.ttft, 'p95'),
    row('max', d.direct.ttft, d.outcrop.ttft, 'max'),
    `  ${'first turn'.padEnd(28)}${f1(d.direct.firstTurnTtftMs).padStart(9)}${f1(d.outcrop.firstTurnTtftMs).padStart(9)}`,
    d.direct.afterLongPauseTtft.n ? row(`after a pause > 10 s (p50)`, d.direct.afterLongPauseTtft, d.outcrop.afterLongPauseTtft, 'p50') : '  (no pause longer than 10 s)',
    side('direct', d.direct),
    side('Outcrop', d.outcrop) + `; control plane ${d.outcrop.controlPlaneConnections}`,
    `  direct: ${d.direct.client}`,
    `  Outcrop: ${d.outcrop.server}`,
    '',
    `6.  Ready time of the headless server (spawn of node outcrop.mjs serve to the first GET /healthz 200): p50 ${f1(d.ready.p50Ms)} ms over ${d.ready.samplesMs.length} starts (${d.ready.samplesMs.map(f1).join(', ')} ms);`,
    `    a bare node:http server started the same way: ${f1(d.ready.bareNodeServerP50Ms)} ms`,
    '',
    d.idleCpu
      ? `7.  Idle CPU of the headless server, warm (after phase 5), no traffic for ${d.idleCpu.seconds} s: ${d.idleCpu.pctOfCore.toFixed(3)} % of a core (${d.idleCpu.cpuMs.toFixed(1)} ms CPU), ${f1(d.idleCpu.wakeupsPerSec)} context switches/s`
      : '7.  Idle CPU: not measured (needs Linux /proc)',
    `    phases 5-7 took ${f1(d.wallSec)} s`,
  ];
}
