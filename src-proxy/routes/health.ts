import type { FastifyInstance } from 'fastify';

/** GET /healthz: liveness for scripts and the tray. */
export function healthRoutes(app: FastifyInstance, version: string): void {
  app.get('/healthz', async () => ({ status: 'ok', name: 'outcrop', version }));
}
