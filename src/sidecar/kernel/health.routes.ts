/** Unauthenticated operational routes: liveness, readiness (checks the store) and Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { ErrorCode } from '../../contract';

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { ping: () => Promise<void>; registry: Registry }
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await deps.ping();
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err: (err as Error).message }, 'readiness check failed: store unreachable');
      return reply.code(503).send({ code: ErrorCode.unavailable, message: 'Store unavailable', requestId: request.id });
    }
  });
  app.get('/metrics', async (_request, reply) => {
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
}
