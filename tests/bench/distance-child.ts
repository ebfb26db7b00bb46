// "Bedrock in a region far away" for the distance phase (distance.ts): the emulator over TLS (the
// test CA's certificate, as Bedrock serves h2 over TLS), behind distance relays that add a round
// trip to every exchange and one more to each new connection's handshake. One relay per side, so
// that each side's upstream connections are counted apart: the direct SDK's, Outcrop's runtime
// calls, Outcrop's control-plane calls. Forked by run.ts under tsx; IPC as in ipc.ts.
import { startBedrockEmulator } from '../support/bedrock-emulator';
import { startDistanceRelay } from '../support/distance-relay';
import { TEST_SERVER_TLS } from '../support/test-tls';
import { converseInputFromWire } from './direct-client';
import { serveIpc } from './ipc';
import { SHORT_REPLY, SHORT_STREAM_REPLY } from './workload';

const rttMs = Number(process.env.OUTCROP_BENCH_RTT_MS ?? 60);
const handshakeMs = process.env.OUTCROP_BENCH_HANDSHAKE_MS ? Number(process.env.OUTCROP_BENCH_HANDSHAKE_MS) : undefined;

const emu = await startBedrockEmulator({ recordLimit: 20, tls: TEST_SERVER_TLS });
emu.setHandler((req) => (req.operation === 'ConverseStream' ? SHORT_STREAM_REPLY : SHORT_REPLY));
const relay = () => startDistanceRelay({ target: emu.url, rttMs, handshakeMs });
const relays = { direct: await relay(), outcrop: await relay(), control: await relay() };

serveIpc(
  { urls: { direct: relays.direct.url, outcrop: relays.outcrop.url, control: relays.control.url }, emulatorUrl: emu.url },
  {
    /** Connections each relay accepted (and still has open) since its last reset. */
    'relay-stats': () => Object.fromEntries(Object.entries(relays).map(([k, r]) => [k, { ...r.stats }])),
    /** The last recorded request of an operation as a Converse input (model id and wire body), to replay it directly. */
    'last-request': (msg) => {
      const rec = emu.lastRequest(msg.operation);
      return rec?.modelId && rec.body ? { input: converseInputFromWire(rec.modelId, rec.body as Record<string, unknown>) } : {};
    },
    'relay-reset': () => {
      for (const r of Object.values(relays)) r.resetStats();
      return {};
    },
  },
  async () => {
    await Promise.all(Object.values(relays).map((r) => r.close()));
    await emu.close();
  },
);
