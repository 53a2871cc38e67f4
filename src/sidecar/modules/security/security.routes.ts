/** Security log endpoint: refused requests for Auditors, newest first. */
import type { RouteHandlers } from '../../kernel/registrar';
import type { SecurityLog } from './security.service';

export function securityRoutes(log: SecurityLog): RouteHandlers {
  return {
    listSecurityEvents: async ({ query }) => log.list(query),
  };
}
