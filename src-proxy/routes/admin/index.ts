import type { FastifyPluginAsync } from 'fastify';
import type { AdminBackend } from '../../../src-shared/admin';
import { ProxyError } from '../../errors';
import { adminApiRoutes } from './api';
import { requireAdminToken } from './auth';
import { adminEventsRoute } from './events';
import { uiRoutes } from './ui';

export interface AdminRouteOptions {
  /** What the core offers: settings, profiles, sign-in, logs, usage, live events. */
  backend: AdminBackend;
  /** The admin token every /admin/api route requires (Authorization: Bearer <token>). */
  token: string;
  /** The built settings UI (e.g. dist/renderer), served at /ui/; a placeholder page while it has no index.html. */
  uiDir?: string;
  /** Milliseconds between `: ping` comments on the events stream (15 s by default; tests use less). */
  heartbeatMs?: number;
}

export const ADMIN_PREFIX = '/admin/api';

/**
 * The admin API under /admin/api (every route behind the admin token) and the settings UI's
 * static files under /ui/ (no token: the page reads it from its URL fragment).
 * Register with `app.register(adminRoutes, { backend, token })`.
 */
export const adminRoutes: FastifyPluginAsync<AdminRouteOptions> = async (app, opts) => {
  const checkToken = requireAdminToken(opts.token);
  await app.register(
    async (api) => {
      api.addHook('onRequest', checkToken);
      // Settings, logs and profiles are private: no cache may keep them.
      api.addHook('onSend', async (_request, reply, payload) => {
        void reply.header('cache-control', 'no-store');
        return payload;
      });
      // The onRequest hook guards this too, so an unauthenticated caller cannot map the API.
      api.setNotFoundHandler(async (request) => {
        throw new ProxyError('not_found', `The admin API has no route ${request.method} ${request.url.split('?')[0]}.`);
      });
      adminApiRoutes(api, opts.backend);
      adminEventsRoute(api, opts.backend, opts.heartbeatMs);
    },
    { prefix: ADMIN_PREFIX },
  );
  uiRoutes(app, opts.uiDir);
};
