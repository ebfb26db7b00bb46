// The Bedrock emulator in its own process, so that the direct SDK baseline and the proxy both
// reach "Bedrock" across a process boundary, as they would reach AWS. Forked by run.ts under tsx.
import { startBedrockEmulator, type Reply } from '../support/bedrock-emulator';
import { serveIpc } from './ipc';
import { longStreamReply, SHORT_REPLY, SHORT_STREAM_REPLY } from './workload';

// The emulator keeps only a few recorded requests so that it does not grow during the run.
const emu = await startBedrockEmulator({ recordLimit: 20 });
let streamReply: Reply = SHORT_STREAM_REPLY;
emu.setHandler((req) => (req.operation === 'ConverseStream' ? streamReply : SHORT_REPLY));

serveIpc(
  { url: emu.url },
  {
    /** Streams answer `deltas` 4-character deltas from now on (0: the short reply). */
    'stream-reply': (msg) => {
      streamReply = msg.deltas ? longStreamReply(msg.deltas) : SHORT_STREAM_REPLY;
      return {};
    },
    /** The last recorded request of an operation: model id and wire body, to replay it directly. */
    'last-request': (msg) => {
      const rec = emu.lastRequest(msg.operation);
      return { modelId: rec?.modelId, body: rec?.body };
    },
    stats: () => ({ ...emu.stats }),
  },
  () => emu.close(),
);
