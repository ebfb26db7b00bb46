// `npm run emulator [-- --port 8798 --host 127.0.0.1 --quiet]`: a Bedrock emulator to try the
// proxy (or any AWS SDK) by hand, with replies paced like a real model.
import { parseArgs } from 'node:util';
import {
  emulatorEnv,
  interactiveReply,
  startBedrockEmulator,
  TEST_BEDROCK_API_KEY,
  type RecordedRequest,
} from './bedrock-emulator/index';

const USAGE = `Usage: npm run emulator -- [--port 8798] [--host 127.0.0.1] [--quiet]

Starts a local Amazon Bedrock emulator (runtime over HTTP/2, control plane over HTTP/1.1).
Replies stream at reading pace and echo your last message; say "use a tool" to get a tool call.`;

function logLine(req: RecordedRequest): string {
  const who = req.auth === 'sigv4' ? req.accessKeyId : req.auth;
  const model = req.modelId ? ` ${req.modelId}` : '';
  return `${new Date(req.time).toISOString().slice(11, 23)} ${req.operation}${model} (${who})`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8798' },
      host: { type: 'string', default: '127.0.0.1' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number between 0 and 65535, got "${values.port}".\n`);
    process.exitCode = 2;
    return;
  }
  const emulator = await startBedrockEmulator({
    port,
    host: values.host,
    recordLimit: 1000,
    onRequest: values.quiet ? undefined : (req) => process.stdout.write(logLine(req) + '\n'),
  }).catch((err: NodeJS.ErrnoException) => {
    const hint = err.code === 'EADDRINUSE' ? ` Port ${port} is taken: pass --port <another>, or --port 0 for any free port.` : '';
    process.stderr.write(`Could not start the Bedrock emulator: ${err.message}.${hint}\n`);
    process.exit(1);
  });
  emulator.setHandler(interactiveReply);

  const env = Object.entries(emulatorEnv(emulator.url))
    .map(([k, v]) => `export ${k}=${v}`)
    .join('\n');
  process.stdout.write(
    `Bedrock emulator listening on ${emulator.url}\n\n` +
      `Point an AWS SDK, the AWS CLI or Outcrop at it with:\n${env}\n\n` +
      `Or use a Bedrock API key instead of the access key pair:\nexport AWS_BEARER_TOKEN_BEDROCK=${TEST_BEDROCK_API_KEY}\n\n` +
      `Press Ctrl+C to stop.\n\n`,
  );

  const stop = () => {
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Bedrock emulator failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
