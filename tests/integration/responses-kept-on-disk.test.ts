import { readdirSync, statSync, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { RESPONSES_DIR } from '../../src-main/core/response-files';
import { emulatorEnv } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// responsesStore.keepOnDisk: stored responses outlive a restart of the core only when the user
// opts in; the files are 0600, bounded like the memory store, deleted when the setting goes off,
// and a corrupt one is skipped with a warning.
let world: AwsWorld;
let core: OutcropCore | undefined;
beforeEach(async () => {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await world.close();
});

const dir = () => join(world.outcropHome, RESPONSES_DIR);
const files = () => (existsSync(dir()) ? readdirSync(dir()).sort() : []);
const settingsWith = async (responsesStore: object) => {
  await mkdir(world.outcropHome, { recursive: true });
  await writeFile(join(world.outcropHome, 'settings.json'), JSON.stringify({ responsesStore }));
};
const start = async () => {
  const started = await OutcropCore.start({ home: world.outcropHome, port: 0 });
  core = started.core;
  return started.warnings;
};
const restart = async () => {
  await core!.close();
  core = undefined;
  return start();
};
const respond = async (body: unknown) => {
  const res = await fetch(`${core!.proxy.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const getResponse = (id: string) => fetch(`${core!.proxy.url}/v1/responses/${id}`).then((r) => r.status);

test('opted in: a stored response survives a restart and previous_response_id continues it; files are 0600', async () => {
  await settingsWith({ maxResponses: 200, maxMegabytes: 64, keepOnDisk: true });
  await start();
  world.bedrock.script({ text: 'The answer is 42.' });
  const first = await respond({ model: 'claude-sonnet', input: 'What is the answer?' });
  expect(first.status).toBe(200);
  await core!.close(); // flushes the pending write
  core = undefined;
  expect(files()).toEqual([`${first.body.id}.json`]);
  expect(statSync(join(dir(), `${first.body.id}.json`)).mode & 0o777).toBe(0o600);

  await start();
  expect(await getResponse(first.body.id)).toBe(200);
  world.bedrock.script({ text: 'Yes, 42.' });
  const second = await respond({ model: 'claude-sonnet', input: 'Sure?', previous_response_id: first.body.id });
  expect(second.status).toBe(200);
  expect(second.body.output_text).toBe('Yes, 42.');
  const sent = world.bedrock.lastRequest('Converse')!.body;
  expect(sent.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
  expect(JSON.stringify(sent.messages[1])).toContain('The answer is 42.');
});

test('off (the default): nothing is written and a restart forgets the response (404 naming it)', async () => {
  await start();
  world.bedrock.script({ text: 'Hello.' });
  const first = await respond({ model: 'claude-sonnet', input: 'hi' });
  expect(await getResponse(first.body.id)).toBe(200);
  await restart();
  expect(files()).toEqual([]);
  const next = await respond({ model: 'claude-sonnet', input: 'again', previous_response_id: first.body.id });
  expect(next.status).toBe(404);
  expect(next.body.error.message).toContain(first.body.id);
});

test('the count cap applies on disk (oldest file deleted); turning the setting off deletes the kept files', async () => {
  await settingsWith({ maxResponses: 2, maxMegabytes: 64, keepOnDisk: true });
  await start();
  const ids: string[] = [];
  for (const text of ['one', 'two', 'three']) {
    world.bedrock.script({ text });
    ids.push((await respond({ model: 'claude-sonnet', input: text })).body.id);
  }
  await vi.waitFor(() => expect(files()).toEqual([`${ids[1]}.json`, `${ids[2]}.json`].sort()));

  await core!.settings.update({ responsesStore: { maxResponses: 2, maxMegabytes: 64, keepOnDisk: false } });
  await vi.waitFor(() => expect(existsSync(dir())).toBe(false));
  await restart();
  expect(await getResponse(ids[2])).toBe(404);
});

test('a corrupt file is skipped with a warning (and removed); the readable ones still load', async () => {
  await settingsWith({ maxResponses: 200, maxMegabytes: 64, keepOnDisk: true });
  await start();
  world.bedrock.script({ text: 'Kept.' });
  const good = (await respond({ model: 'claude-sonnet', input: 'keep me' })).body.id as string;
  await core!.close();
  core = undefined;
  await writeFile(join(dir(), 'resp_broken.json'), '{"id": "resp_broken", "seq": 9, "value": {');
  await writeFile(join(dir(), 'resp_wrong.json'), JSON.stringify({ id: 'resp_wrong', seq: 10, value: { response: 'no' } }));

  const warnings = await start();
  expect(warnings.filter((w) => w.includes('could not be read'))).toHaveLength(2);
  expect(warnings.join('\n')).toContain('resp_broken.json');
  expect(await getResponse(good)).toBe(200);
  expect(await getResponse('resp_broken')).toBe(404);
  expect(files()).toEqual([`${good}.json`]);
});
