import type { RebalancePlan, ShardPage, ShardTenantPage, ShardView, TenantPlacement } from '../contract';
import { placementEndpoints } from '../contract/placementEndpoints';
import { clientOf, type QueryOf } from './client';

const callApi = clientOf(placementEndpoints);

/**
 * The placement calls the pages make (fleet, shard, rebalance, the tenant's Placement tab). Scenes depend
 * on this interface so tests can hand them a fake; the implementation forwards to `callApi`.
 */
export interface PlacementApi {
  listShards(query: QueryOf<'listShards'>): Promise<ShardPage>;
  getShard(id: string): Promise<ShardView>;
  listShardTenants(id: string, query: QueryOf<'listShardTenants'>): Promise<ShardTenantPage>;
  getTenantPlacement(id: string): Promise<TenantPlacement>;
  previewRebalance(query: QueryOf<'previewRebalance'>): Promise<RebalancePlan>;
}

export const placementApi: PlacementApi = {
  listShards: (query) => callApi('listShards', { query }),
  getShard: (id) => callApi('getShard', { params: { id } }),
  listShardTenants: (id, query) => callApi('listShardTenants', { params: { id }, query }),
  getTenantPlacement: (id) => callApi('getTenantPlacement', { params: { id } }),
  previewRebalance: (query) => callApi('previewRebalance', { query }),
};
