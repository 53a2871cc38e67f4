/**
 * Isolation endpoints: fleet isolation posture, one tenant's checks and history, and an on-demand probe.
 * Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import {
  IsolationPageSchema,
  ListIsolationQuerySchema,
  ProbeIsolationSchema,
  TenantIsolationSchema,
} from './isolation';
import { TenantIdParamsSchema } from './tenants';

export const isolationEndpoints = {
  // Isolation lives under its own prefix: `tenants/*` routes already require tenants:read|write.
  listIsolation: def({
    method: 'GET',
    path: '/api/v1/isolation',
    action: Actions.isolationRead,
    summary: 'Fleet isolation posture: violations first, filters, counts by verdict, cursor pagination',
    query: ListIsolationQuerySchema,
    response: IsolationPageSchema,
  }),
  getTenantIsolation: def({
    method: 'GET',
    path: '/api/v1/isolation/tenants/:id',
    action: Actions.isolationRead,
    summary: "A tenant's isolation checks with evidence and its verdict history",
    params: TenantIdParamsSchema,
    response: TenantIsolationSchema,
  }),
  probeTenantIsolation: def({
    method: 'POST',
    path: '/api/v1/isolation/tenants/:id/probe',
    action: Actions.isolationProbe,
    summary: "Re-probe a tenant's runtime isolation now (reason required, audited)",
    params: TenantIdParamsSchema,
    body: ProbeIsolationSchema,
    response: TenantIsolationSchema,
    idempotent: true,
  }),
} as const;
