// The floor under the proxy's added latency: the least an HTTP server can do and still call
// Bedrock as the proxy does. A bare node:http server that reads the body, makes the same
// Converse call through the same gateway (src-proxy/bedrock/gateway.ts), and answers a fixed
// chat completion: no fastify, no validation, no translation (the request is parsed from JSON). Bundled and run like the proxy child.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { createBedrockGateway } from '../../src-proxy/bedrock/gateway';
import { serveIpc } from './ipc';

const endpoint = process.env.OUTCROP_BENCH_EMULATOR_URL;
if (!endpoint) throw new Error('floor-child: OUTCROP_BENCH_EMULATOR_URL is not set');
// A new request object for every call, as the proxy (and any client) builds one (phases.ts, freshCopy).
const inputJson = process.env.OUTCROP_BENCH_CONVERSE_INPUT ?? '{}';
const accessKeyId = process.env.OUTCROP_BENCH_KEY_ID ?? '';
const secretAccessKey = process.env.OUTCROP_BENCH_SECRET ?? '';
const bedrock = createBedrockGateway({ region: 'us-east-1', endpoint, credentials: () => async () => ({ accessKeyId, secretAccessKey }), maxAttempts: 1 });

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    bedrock.converse(JSON.parse(inputJson) as ConverseCommandInput).then(
      (out) => {
        const text = out.output?.message?.content?.[0]?.text ?? '';
        const body = JSON.stringify({ id: 'chatcmpl-floor', object: 'chat.completion', created: 0, model: 'claude-sonnet', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: out.usage?.inputTokens, completion_tokens: out.usage?.outputTokens, total_tokens: out.usage?.totalTokens } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      },
      (err: Error) => res.writeHead(502).end(JSON.stringify({ error: { message: err.message } })),
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  serveIpc({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, {}, async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    bedrock.close();
  });
});
