import type { FastifyInstance } from 'fastify';
import type { AdminBackend } from '../../../src-shared/admin';
import { ProxyError } from '../../errors';
import { bedrockApiKeyBody, logsQuery, parseSettingsPatch, pricesQuery, signInBody, usageQuery } from './schemas';
import { callBackend, parseWith } from './validate';

/**
 * The admin API's request/response routes (registered under /admin/api, behind the token):
 * status, the doctor's diagnosis, settings, profiles, sign-in, models, logs, usage, prices and the Bedrock API key.
 */
export function adminApiRoutes(app: FastifyInstance, backend: AdminBackend): void {
  app.get('/status', async () => callBackend(() => backend.status()));
  app.get('/diagnosis', async () => callBackend(() => backend.diagnose()));

  app.get('/settings', async () => callBackend(() => backend.getSettings()));
  app.patch('/settings', async (request) => {
    const patch = parseSettingsPatch(request.body);
    if (Object.keys(patch).length === 0) return callBackend(() => backend.getSettings());
    return callBackend(() => backend.patchSettings(patch));
  });

  app.get('/profiles', async () => {
    const { active, profiles, problems } = await callBackend(() => backend.listProfiles());
    return { active, profiles, problems };
  });

  app.post('/sign-in', async (request, reply) => {
    // An empty body is fine: it means "the active profile, the browser flow".
    const body = parseWith(signInBody, request.body === undefined ? {} : request.body, 'body');
    const view = await callBackend(() => backend.startSignIn(body));
    return reply.code(201).send(view);
  });
  app.get<{ Params: { id: string } }>('/sign-in/:id', async (request) => {
    const view = await callBackend(() => backend.getSignIn(request.params.id));
    if (!view) throw signInNotFound(request.params.id);
    return view;
  });
  app.delete<{ Params: { id: string } }>('/sign-in/:id', async (request, reply) => {
    const cancelled = await callBackend(() => backend.cancelSignIn(request.params.id));
    if (!cancelled) throw signInNotFound(request.params.id);
    return reply.code(204).send();
  });

  app.get('/models', async () => ({ data: await callBackend(() => backend.listModels()) }));

  app.get('/logs', async (request) => {
    const query = parseWith(logsQuery, request.query, 'query');
    return { data: await callBackend(() => backend.queryLogs(query)) };
  });

  app.get('/usage', async (request) => {
    const { days } = parseWith(usageQuery, request.query, 'query');
    return callBackend(() => backend.usage(days));
  });

  app.get('/prices', async (request) => {
    const { models } = parseWith(pricesQuery, request.query, 'query');
    return callBackend(() => backend.prices(models));
  });

  // The key goes in and never comes back out: not in responses, not in error messages.
  app.put('/bedrock-api-key', async (request, reply) => {
    const { key } = parseWith(bedrockApiKeyBody, request.body, 'body');
    await callBackend(() => backend.setBedrockApiKey(key));
    return reply.code(204).send();
  });
  app.delete('/bedrock-api-key', async (_request, reply) => {
    await callBackend(() => backend.setBedrockApiKey(undefined));
    return reply.code(204).send();
  });

  // "Show in folder" for the diagnostic log: the desktop app opens the file manager; headless says where it is.
  app.post('/log-file/reveal', async () => callBackend(() => backend.revealLogFile()));
}

function signInNotFound(id: string): ProxyError {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  return new ProxyError('not_found', `There is no sign-in with id '${shown}'; it may have finished long ago or belong to an earlier run of Outcrop. Start a new one with POST /admin/api/sign-in.`, { param: 'id' });
}
