/**
 * Alertmanager's webhook receiver, `POST /api/v1/alerts/webhook`. Alertmanager calls the sidecar
 * directly (it is in `unproxiedEndpoints`, never in plugin.json routes), so it does not use the
 * Grafana proxy authentication: it needs `Authorization: Bearer <SWITCHYARD_ALERT_WEBHOOK_TOKEN>`,
 * compared in constant time before the body is read. Without a configured token the route does not
 * exist (404, like any unknown route).
 */
import type { FastifyInstance } from 'fastify';
import { AlertmanagerWebhookSchema, findTextViolation, unproxiedEndpoints } from '../../../contract';
import { fromZod, unauthenticated, validationFailed } from '../../kernel/errors';
import { bearerMatcher } from '../../kernel/hardening';
import { singleHeader } from '../../kernel/trust/headers';
import type { AlertsService } from './alerts.service';

/** Alertmanager batches up to `max_alerts` per delivery; 1 MiB holds a thousand typical alerts. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export function registerAlertWebhook(
  app: FastifyInstance,
  deps: { token: string | undefined; alerts: AlertsService }
): void {
  const { token } = deps;
  if (!token) return;
  const def = unproxiedEndpoints.alertWebhook;
  const isWebhookBearer = bearerMatcher(token);
  app.route({
    method: def.method,
    url: def.path,
    bodyLimit: WEBHOOK_BODY_LIMIT,
    onRequest: async (request, reply) => {
      // Exactly one Authorization header: a second one (even after a correct first) is refused.
      if (!isWebhookBearer(singleHeader(request.raw.rawHeaders, 'authorization'))) {
        reply.header('www-authenticate', 'Bearer realm="switchyard-alerts"');
        throw unauthenticated('A valid webhook bearer token is required');
      }
    },
    handler: async (request) => {
      const violation = findTextViolation(request.body, 'body');
      if (violation) throw validationFailed(violation.path, violation.message);
      const parsed = AlertmanagerWebhookSchema.safeParse(request.body);
      if (!parsed.success) throw fromZod(parsed.error, 'body');
      return deps.alerts.ingest(parsed.data);
    },
  });
}
