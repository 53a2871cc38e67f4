/**
 * Operational routes: liveness and readiness (checks the store) without credentials, and Prometheus
 * metrics behind their own bearer token (SWITCHYARD_METRICS_TOKEN, sent exactly once); without a
 * token configured /metrics is not served.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { ErrorCode } from '../../contract';
import { bearerMatcher } from './hardening';
import { singleHeader } from './trust/headers';

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { ping: () => Promise<void>; registry: Registry; metricsToken: string | null }
): void {
  const isMetricsBearer = deps.metricsToken === null ? null : bearerMatcher(deps.metricsToken);
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
  app.get('/metrics', async (request, reply) => {
    if (isMetricsBearer === null) {
      return reply.code(404).send({
        code: ErrorCode.notFound,
        message: 'Metrics are not served: set SWITCHYARD_METRICS_TOKEN',
        requestId: request.id,
      });
    }
    if (!isMetricsBearer(singleHeader(request.raw.rawHeaders, 'authorization'))) {
      request.log.warn({ reason: 'metrics_token' }, 'metrics request refused');
      return reply.code(401).header('www-authenticate', 'Bearer').send({
        code: ErrorCode.unauthenticated,
        message: 'Send Authorization: Bearer <SWITCHYARD_METRICS_TOKEN>',
        requestId: request.id,
      });
    }
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
}
