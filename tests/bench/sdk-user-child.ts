// The direct side of the distance phase: a user's tool calling Bedrock itself. A process of its
// own whose environment says where Bedrock is (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the keys, the
// region) and which CA to trust (NODE_EXTRA_CA_CERTS: Node reads it at start-up, as a tool would);
// one BedrockRuntimeClient with the SDK's defaults, made at the first call and kept, as a tool keeps
// its client across an agent's turns. Forked by distance.ts under tsx; IPC as in ipc.ts.
import { BedrockRuntimeClient, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { directConverseStream } from './direct-client';
import { serveIpc } from './ipc';

let client: BedrockRuntimeClient | undefined;

serveIpc(
  {},
  {
    /** One ConverseStream read to its end: time to the first text delta and to the end (ms), as this process saw them. */
    stream: async (msg) => {
      client ??= new BedrockRuntimeClient({});
      const r = await directConverseStream(client, msg.input as ConverseCommandInput);
      return { ttftMs: r.ttftMs, totalMs: r.totalMs };
    },
  },
  async () => client?.destroy(),
);
