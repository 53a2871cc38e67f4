import type { RebalancePlan, ShardPage, TenantPlacement } from '../contract';
import { callApi, type QueryOf } from './client';

/**
 * The placement calls the pages make (fleet, rebalance, the tenant's Placement tab). Scenes depend
 * on this interface so tests can hand them a fake; the implementation forwards to `callApi`.
 */
export interface PlacementApi {
  listShards(query: QueryOf<'listShards'>): Promise<ShardPage>;
  getTenantPlacement(id: string): Promise<TenantPlacement>;
  previewRebalance(query: QueryOf<'previewRebalance'>): Promise<RebalancePlan>;
}

export const placementApi: PlacementApi = {
  listShards: (query) => callApi('listShards', { query }),
  getTenantPlacement: (id) => callApi('getTenantPlacement', { params: { id } }),
  previewRebalance: (query) => callApi('previewRebalance', { query }),
};
