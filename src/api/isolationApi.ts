import type { IsolationPage, TenantIsolation } from '../contract';
import { isolationEndpoints } from '../contract/isolationEndpoints';
import { clientOf, type QueryOf } from './client';

const callApi = clientOf(isolationEndpoints);

/**
 * The isolation calls the pages make (posture page and the tenant's Isolation tab). Scenes depend
 * on this interface so tests can hand them a fake; the implementation forwards to `callApi`.
 */
export interface IsolationApi {
  listIsolation(query: QueryOf<'listIsolation'>): Promise<IsolationPage>;
  getTenantIsolation(id: string): Promise<TenantIsolation>;
  /** Re-probe now. Reuse `idempotencyKey` when retrying the same request. */
  probeTenantIsolation(id: string, reason: string, idempotencyKey: string): Promise<TenantIsolation>;
}

export const isolationApi: IsolationApi = {
  listIsolation: (query) => callApi('listIsolation', { query }),
  getTenantIsolation: (id) => callApi('getTenantIsolation', { params: { id } }),
  probeTenantIsolation: (id, reason, idempotencyKey) =>
    callApi('probeTenantIsolation', { params: { id }, body: { reason }, idempotencyKey }),
};
