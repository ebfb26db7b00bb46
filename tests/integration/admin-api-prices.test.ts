import { describe, expect, it } from 'vitest';
import { expectAdminError } from '../support/admin-client';
import { useFakeAdminWorld } from '../support/fake-admin-world';

// GET /admin/api/prices over a real socket, with an in-memory backend: the token, the models
// list (comma-separated, deduplicated, bounded) and 400s naming the field.

const world = useFakeAdminWorld();
const { call } = world;

describe('GET /admin/api/prices', () => {
  it('needs the token', async () => {
    await expectAdminError(await call('/admin/api/prices', { token: null }), 401, null);
    expect(world.backend.callsOf('prices')).toEqual([]);
  });

  it('passes the model ids asked for, trimmed and without repeats; none asked is an empty list', async () => {
    const res = await call(`/admin/api/prices?models=${encodeURIComponent('us.anthropic.claude-sonnet-4-6, global.anthropic.claude-sonnet-4-6,us.anthropic.claude-sonnet-4-6,')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: [{ model: 'us.anthropic.claude-sonnet-4-6', price: { source: 'built-in' } }, { model: 'global.anthropic.claude-sonnet-4-6' }], priceList: { enabled: false }, builtInAsOf: '2025-11-01' });
    await (await call('/admin/api/prices')).arrayBuffer();
    expect(world.backend.callsOf('prices')).toEqual([[['us.anthropic.claude-sonnet-4-6', 'global.anthropic.claude-sonnet-4-6']], [[]]]);
  });

  it.each([
    ['models[0]', `models=${'m'.repeat(600)}`],
    ['models', `models=${Array.from({ length: 501 }, (_, i) => `m${i}`).join(',')}`],
    ['other', 'other=1'],
  ])('is 400 naming %s (%#)', async (param, query) => {
    await expectAdminError(await call(`/admin/api/prices?${query.slice(0, 8000)}`), 400, param);
    expect(world.backend.callsOf('prices')).toEqual([]);
  });
});
