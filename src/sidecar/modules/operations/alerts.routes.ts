/** `GET /api/v1/alerts`: the alert inbox, firing first, with the suggested action of each alert. */
import type { AlertsService } from './alerts.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function alertsRoutes(alerts: AlertsService): RouteHandlers {
  return {
    listAlerts: async ({ query }) => alerts.list(query),
  };
}
