import type { AuditEntry, BulkStatusResult, Tenant, TenantStatus } from '../contract';
import { callApi, type QueryOf, type ResponseOf } from './client';

/**
 * The calls the pages make, by name. Scenes depend on this interface so tests can hand them a
 * fake; the implementation only forwards to `callApi` with the contract's endpoint names.
 */
export interface SwitchyardApi {
  listTenants(query: QueryOf<'listTenants'>): Promise<ResponseOf<'listTenants'>>;
  getTenant(id: string): Promise<Tenant>;
  changeTenantStatus(id: string, to: TenantStatus, reason: string): Promise<Tenant>;
  bulkTenantStatus(ids: string[], to: TenantStatus, reason: string): Promise<BulkStatusResult>;
  listAudit(
    query: QueryOf<'listAudit'>
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null; prevCursor: string | null }>;
}

export const switchyardApi: SwitchyardApi = {
  listTenants: (query) => callApi('listTenants', { query }),
  getTenant: (id) => callApi('getTenant', { params: { id } }),
  changeTenantStatus: (id, to, reason) => callApi('changeTenantStatus', { params: { id }, body: { to, reason } }),
  bulkTenantStatus: (ids, to, reason) => callApi('bulkTenantStatus', { body: { ids, to, reason } }),
  listAudit: (query) => callApi('listAudit', { query }),
};
