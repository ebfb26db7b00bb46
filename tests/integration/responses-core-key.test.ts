import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// The reasoning key belongs to the install: the core makes it once (0600 in the Outcrop home) and
// hands it to the proxy, so reasoning sealed before a restart is still trusted after it.
let world: AwsWorld;
beforeEach(async () => {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
});
afterEach(async () => world.close());

const tools = [{ type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }];
const respond = (core: OutcropCore, body: unknown) =>
  fetch(`${core.proxy.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

test('sealed reasoning survives a restart of the core; the key file is 0600', async () => {
  let { core } = await OutcropCore.start({ home: world.outcropHome, port: 0 });
  world.bedrock.script({ content: [{ reasoning: { text: 'Check the folder.', signature: 'sig-restart' } }, { toolUse: { toolUseId: 'tu_1', name: 'exec_command', input: { cmd: 'ls' } } }] });
  const first = await respond(core, { model: 'claude-sonnet', input: 'ls please', tools, store: false, reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] });
  await core.close();
  expect(statSync(join(world.outcropHome, 'reasoning-key')).mode & 0o777).toBe(0o600);

  ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
  try {
    world.bedrock.script({ text: 'Done.' });
    const input = [{ role: 'user', content: 'ls please' }, ...first.output, { type: 'function_call_output', call_id: 'tu_1', output: 'a.ts' }];
    const second = await respond(core, { model: 'claude-sonnet', input, tools, store: false, reasoning: { effort: 'low' } });
    expect(second.output_text).toBe('Done.');
    const sent = world.bedrock.lastRequest('Converse')!.body;
    expect(sent.messages[1].content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'Check the folder.', signature: 'sig-restart' } } });
  } finally {
    await core.close();
  }
});
