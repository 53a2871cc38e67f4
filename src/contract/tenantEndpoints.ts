/**
 * Tenant endpoints: the registry of tenants (list, create, edit, lifecycle, archive) and the plan preview
 * of each change. Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import { TenantPlanRequestSchema, TenantPlanSchema } from './tenantPlans';
import {
  ArchiveTenantSchema,
  BulkStatusChangeSchema,
  BulkStatusResultSchema,
  CreateTenantSchema,
  ListTenantsQuerySchema,
  TenantIdParamsSchema,
  TenantPageSchema,
  TenantSchema,
  TenantStatusChangeSchema,
  UpdateTenantSchema,
} from './tenants';

export const tenantEndpoints = {
  listTenants: def({
    method: 'GET',
    path: '/api/v1/tenants',
    action: Actions.tenantsRead,
    summary: 'List tenants with search, filters, sort and cursor pagination',
    query: ListTenantsQuerySchema,
    response: TenantPageSchema,
  }),
  createTenant: def({
    method: 'POST',
    path: '/api/v1/tenants',
    action: Actions.tenantsWrite,
    summary: 'Create a tenant',
    body: CreateTenantSchema,
    response: TenantSchema,
    idempotent: true,
    successStatus: 201,
  }),
  bulkTenantStatus: def({
    method: 'POST',
    path: '/api/v1/tenants/bulk-status',
    action: Actions.tenantsWrite,
    summary: 'Change the status of several tenants with one reason (Idempotency-Key required)',
    body: BulkStatusChangeSchema,
    response: BulkStatusResultSchema,
    idempotent: true,
  }),
  planTenantChange: def({
    method: 'POST',
    path: '/api/v1/tenants/plan',
    action: Actions.tenantsWrite,
    summary:
      'Plan a tenant create, edit, status, bulk status or archive: what changes, checks, warnings (changes nothing)',
    body: TenantPlanRequestSchema,
    response: TenantPlanSchema,
  }),
  getTenant: def({
    method: 'GET',
    path: '/api/v1/tenants/:id',
    action: Actions.tenantsRead,
    summary: 'Get one tenant',
    params: TenantIdParamsSchema,
    response: TenantSchema,
  }),
  updateTenant: def({
    method: 'PATCH',
    path: '/api/v1/tenants/:id',
    action: Actions.tenantsWrite,
    summary: 'Update editable tenant fields (If-Match on the version; Idempotency-Key required)',
    params: TenantIdParamsSchema,
    body: UpdateTenantSchema,
    response: TenantSchema,
    ifMatch: true,
    idempotent: true,
  }),
  changeTenantStatus: def({
    method: 'POST',
    path: '/api/v1/tenants/:id/status',
    action: Actions.tenantsWrite,
    summary: 'Move a tenant through its lifecycle (reason and Idempotency-Key required)',
    params: TenantIdParamsSchema,
    body: TenantStatusChangeSchema,
    response: TenantSchema,
    idempotent: true,
  }),
  archiveTenant: def({
    method: 'POST',
    path: '/api/v1/tenants/:id/archive',
    action: Actions.tenantsWrite,
    summary: 'Archive a tenant (reason and Idempotency-Key required)',
    params: TenantIdParamsSchema,
    body: ArchiveTenantSchema,
    response: TenantSchema,
    idempotent: true,
  }),
} as const;
