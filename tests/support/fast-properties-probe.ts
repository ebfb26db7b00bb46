// Run by tests/integration/runtime-client.test.ts as `node --allow-natives-syntax --import tsx`:
// reports whether V8 keeps the runtime client's config in fast mode (withFastProperties), before
// and after real calls against the emulator, next to a stock client's. Prints one JSON line.
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { createRuntimeClient } from '../../src-proxy/bedrock/runtime-client';
import { emulatorClientConfig, startBedrockEmulator } from './bedrock-emulator';

const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
const emu = await startBedrockEmulator();
emu.setHandler(() => ({ text: 'ok' }));
const config = { ...emulatorClientConfig(emu.url), maxAttempts: 1 };
const stock = new BedrockRuntimeClient(config);
const ours = createRuntimeClient(config);
const input = () => ({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user' as const, content: [{ text: 'hi' }] }] });
const before = hasFastProperties(ours.client.config);
let text = '';
for (let i = 0; i < 3; i++) {
  const out = await ours.send<{ output?: { message?: { content?: { text?: string }[] } } }>(new ConverseCommand(input()), undefined);
  text += out.output?.message?.content?.[0]?.text ?? '';
  const streamed = await ours.send<{ stream?: AsyncIterable<unknown> }>(new ConverseStreamCommand(input()), new AbortController().signal);
  for await (const _ of streamed.stream ?? []) void _;
}
await stock.send(new ConverseCommand(input()));
const result = { before, after: hasFastProperties(ours.client.config), stock: hasFastProperties(stock.config), text, credentialsAccessor: typeof Object.getOwnPropertyDescriptor(ours.client.config, 'credentials')?.get };
ours.client.destroy();
stock.destroy();
await emu.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
