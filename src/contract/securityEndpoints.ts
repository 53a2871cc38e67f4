/**
 * Security endpoints: the requests the trust boundary refused. Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import { ListSecurityEventsQuerySchema, SecurityEventPageSchema } from './security';

export const securityEndpoints = {
  listSecurityEvents: def({
    method: 'GET',
    path: '/api/v1/security/events',
    action: Actions.auditRead,
    summary: 'Requests the trust boundary refused (401/403), newest first; separate from the audit chain',
    query: ListSecurityEventsQuerySchema,
    response: SecurityEventPageSchema,
  }),
} as const;
