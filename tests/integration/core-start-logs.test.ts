import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { OutcropCore } from '../../src-main/core/core';
import { RequestLog } from '../../src-main/core/request-log/request-log';

// The core reads the request log of earlier runs back after it listens (parsing a busy day's
// file is not worth a later start); the log API waits for that, so the Logs screen opened at once
// still shows them.

let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

test('the log API shows the entries of an earlier run even when asked as soon as the server listens', async () => {
  const home = mkdtempSync(join(tmpdir(), 'outcrop-start-logs-'));
  const earlier = new RequestLog({ dir: join(home, 'logs'), retentionDays: 7 });
  const time = Date.now() - 60_000;
  for (let i = 0; i < 500; i++) {
    earlier.add({ id: `earlier-${i}`, time: time + i, endpoint: '/v1/chat/completions', method: 'POST', status: 200, latencyMs: 5, model: 'claude-sonnet' } as RequestLogEntry);
  }
  await earlier.close();

  ({ core } = await OutcropCore.start({ home, port: 0, env: { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' } }));
  const res = await fetch(`${core.proxy.url}/admin/api/logs?limit=1000`, { headers: { authorization: `Bearer ${core.adminToken}` } });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: RequestLogEntry[] };
  expect(data).toHaveLength(500);
  expect(data[0].id).toBe('earlier-499');
});

test('after a restart the new run\'s requests are listed with the earlier run\'s, newest first, each under its own id', async () => {
  const home = mkdtempSync(join(tmpdir(), 'outcrop-restart-logs-'));
  const env = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };
  // Requests every run logs without Bedrock: a route that does not exist (404) and a body that does not validate (400).
  const send = async (c: OutcropCore, path: string) => {
    const res = await fetch(`${c.proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-sonnet', messages: 'no' }) });
    await res.body?.cancel();
    return res.status;
  };
  const logs = async (c: OutcropCore) => {
    const res = await fetch(`${c.proxy.url}/admin/api/logs`, { headers: { authorization: `Bearer ${c.adminToken}` } });
    return ((await res.json()) as { data: RequestLogEntry[] }).data;
  };

  ({ core } = await OutcropCore.start({ home, port: 0, env }));
  expect(await send(core, '/v1/nothing-here')).toBe(404);
  expect(await send(core, '/v1/chat/completions')).toBe(400);
  const before = await logs(core);
  await core.close();

  ({ core } = await OutcropCore.start({ home, port: 0, env }));
  expect(await send(core, '/v1/nothing-here')).toBe(404);
  const after = await logs(core);
  expect(after).toHaveLength(3);
  expect(after.slice(1)).toEqual(before);
  expect(after[0]).toMatchObject({ endpoint: '/v1/nothing-here', status: 404 });
  expect(after[1]).toMatchObject({ endpoint: '/v1/chat/completions', status: 400, model: 'claude-sonnet' });
  // Each id once, and the ids sort as the entries do: newest first.
  const ids = after.map((e) => e.id);
  expect(new Set(ids).size).toBe(3);
  expect([...ids].sort().reverse()).toEqual(ids);
  expect(after.map((e) => e.time)).toEqual([...after.map((e) => e.time)].sort((a, b) => b - a));
});
