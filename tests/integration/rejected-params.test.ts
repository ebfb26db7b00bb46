import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { readSse, startHarness, type Harness } from '../support/harness';

// A parameter Bedrock refuses for a model Outcrop's family table did not know (issue 21): dropped,
// retried once, remembered for the model, and said in the log entry. Other refusals are not retried.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emu.reset();
  h.log.length = 0;
});

const BOTH = 'The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.';
const converseBodies = () => h.emu.requests.filter((r) => r.operation === 'Converse' || r.operation === 'ConverseStream').map((r) => r.body);

describe('a parameter Bedrock refuses', () => {
  test('is dropped and the call retried once; the next request leaves it out from the start', async () => {
    h.emu.script({ error: { type: 'ValidationException', message: BOTH } });
    const res = await h.post('/v1/chat/completions', { model: 'mistral.mistral-large-2402-v1:0', temperature: 0.3, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const [first, retry] = converseBodies();
    expect(first.inferenceConfig).toMatchObject({ temperature: 0.3, topP: 0.9 });
    expect(retry.inferenceConfig.temperature).toBe(0.3);
    expect(retry.inferenceConfig).not.toHaveProperty('topP');
    expect(h.log.at(-1)!.notes).toEqual([expect.stringMatching(/^top_p dropped: Bedrock refused it for mistral\.mistral-large-2402-v1:0; retried/)]);

    // Remembered: one call, without it, and the entry says why.
    const again = await h.post('/v1/chat/completions', { model: 'mistral.mistral-large-2402-v1:0', temperature: 0.3, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(again.status).toBe(200);
    await readSse(again);
    expect(converseBodies()).toHaveLength(3);
    expect(converseBodies()[2].inferenceConfig).not.toHaveProperty('topP');
    expect(h.log.at(-1)!.notes).toEqual([expect.stringMatching(/^top_p left out: Bedrock refused it for mistral/)]);
  });

  test('in a stream, before the first event: retried and the client gets a normal stream', async () => {
    h.emu.script({ error: { type: 'ValidationException', message: 'Malformed input request: #: extraneous key [top_k] is not permitted, please reformat your input and try again.' } });
    const res = await h.post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 50, top_k: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(JSON.stringify(events)).toContain('message_stop');
    const [first, retry] = converseBodies();
    expect(first.additionalModelRequestFields).toMatchObject({ top_k: 5 });
    expect(retry.additionalModelRequestFields ?? {}).not.toHaveProperty('top_k');
    expect(h.log.at(-1)!.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^top_k dropped/)]));
  });

  test('a refusal that names no parameter the request carries is the client\'s 400, not retried', async () => {
    h.emu.script({ error: { type: 'ValidationException', message: BOTH } });
    // No top_p sent: nothing to drop.
    const res = await h.post('/v1/chat/completions', { model: 'mistral.mistral-large-2402-v1:0', temperature: 0.3, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(400);
    h.emu.script({ error: { type: 'ValidationException', message: 'The provided model identifier is invalid.' } });
    expect((await h.post('/v1/chat/completions', { model: 'mistral.mistral-large-2402-v1:0', top_p: 0.5, messages: [{ role: 'user', content: 'hi' }] })).status).toBe(400);
    expect(converseBodies()).toHaveLength(2);
  });
});
