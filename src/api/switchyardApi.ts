import type {
  AuditPage,
  BulkStatusResult,
  CreateTenant,
  Tenant,
  TenantPlan,
  TenantPlanRequestInput,
  TenantStatus,
  UpdateTenant,
} from '../contract';
import { tenantEndpoints } from '../contract/tenantEndpoints';
import { auditEndpoints } from '../contract/auditEndpoints';
import { clientOf, type QueryOf, type ResponseOf } from './client';

const callApi = clientOf({ ...tenantEndpoints, ...auditEndpoints });

/**
 * The calls the pages make, by name. Scenes depend on this interface so tests can hand them a
 * fake; the implementation only forwards to `callApi` with the contract's endpoint names.
 * Mutations take the Idempotency-Key of the operator's intent, so a retry of the same intent is
 * answered from the sidecar's stored response instead of changing twice.
 */
export interface SwitchyardApi {
  listTenants(query: QueryOf<'listTenants'>): Promise<ResponseOf<'listTenants'>>;
  getTenant(id: string): Promise<Tenant>;
  planTenantChange(request: TenantPlanRequestInput): Promise<TenantPlan>;
  createTenant(body: CreateTenant, idempotencyKey: string): Promise<Tenant>;
  updateTenant(id: string, version: number, patch: UpdateTenant, idempotencyKey: string): Promise<Tenant>;
  changeTenantStatus(id: string, to: TenantStatus, reason: string, idempotencyKey?: string): Promise<Tenant>;
  bulkTenantStatus(ids: string[], to: TenantStatus, reason: string, idempotencyKey?: string): Promise<BulkStatusResult>;
  archiveTenant(id: string, reason: string, idempotencyKey?: string): Promise<Tenant>;
  /** The tenant's activity (its slice of the audit trail; activity:read, not the Audit page's audit:read). */
  tenantActivity(id: string, query: QueryOf<'getTenantActivity'>): Promise<AuditPage>;
}

export const switchyardApi: SwitchyardApi = {
  listTenants: (query) => callApi('listTenants', { query }),
  getTenant: (id) => callApi('getTenant', { params: { id } }),
  planTenantChange: (body) => callApi('planTenantChange', { body }),
  createTenant: (body, idempotencyKey) => callApi('createTenant', { body, idempotencyKey }),
  updateTenant: (id, version, patch, idempotencyKey) =>
    callApi('updateTenant', { params: { id }, body: patch, ifMatch: version, idempotencyKey }),
  changeTenantStatus: (id, to, reason, idempotencyKey) =>
    callApi('changeTenantStatus', { params: { id }, body: { to, reason }, idempotencyKey }),
  bulkTenantStatus: (ids, to, reason, idempotencyKey) =>
    callApi('bulkTenantStatus', { body: { ids, to, reason }, idempotencyKey }),
  archiveTenant: (id, reason, idempotencyKey) =>
    callApi('archiveTenant', { params: { id }, body: { reason }, idempotencyKey }),
  tenantActivity: (id, query) => callApi('getTenantActivity', { params: { id }, query }),
};
