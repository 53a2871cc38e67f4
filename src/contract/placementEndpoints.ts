/**
 * Placement endpoints: shards, their tenants and load, a tenant's placement, rebalance and inventory
 * previews, and placement sync. Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import { InventoryPreviewSchema } from './inventory';
import {
  ListShardsQuerySchema,
  RebalancePlanSchema,
  RebalanceQuerySchema,
  ShardIdParamsSchema,
  ShardPageSchema,
  ShardTenantPageSchema,
  ShardTenantsQuerySchema,
  ShardViewSchema,
  SyncPlacementResultSchema,
  TenantPlacementSchema,
} from './placement';
import { TenantIdParamsSchema } from './tenants';

export const placementEndpoints = {
  listShards: def({
    method: 'GET',
    path: '/api/v1/placement/shards',
    action: Actions.placementRead,
    summary: 'Shards with status, tenant count and load from VictoriaMetrics, by service kind, cursor pagination',
    query: ListShardsQuerySchema,
    response: ShardPageSchema,
  }),
  getShard: def({
    method: 'GET',
    path: '/api/v1/placement/shards/:id',
    action: Actions.placementRead,
    summary: 'One shard with tenant count and load',
    params: ShardIdParamsSchema,
    response: ShardViewSchema,
  }),
  listShardTenants: def({
    method: 'GET',
    path: '/api/v1/placement/shards/:id/tenants',
    action: Actions.placementRead,
    summary: 'Assignments on a shard, cursor pagination',
    params: ShardIdParamsSchema,
    query: ShardTenantsQuerySchema,
    response: ShardTenantPageSchema,
  }),
  getTenantPlacement: def({
    method: 'GET',
    path: '/api/v1/placement/tenants/:id',
    action: Actions.placementRead,
    summary: "A tenant's shard, revision and history per service kind",
    params: TenantIdParamsSchema,
    response: TenantPlacementSchema,
  }),
  previewRebalance: def({
    method: 'GET',
    path: '/api/v1/placement/rebalance',
    action: Actions.placementRead,
    summary: 'Rebalance preview: the moves that bring every shard under the target utilization, per-shard before/after',
    query: RebalanceQuerySchema,
    response: RebalancePlanSchema,
  }),
  syncPlacement: def({
    method: 'POST',
    path: '/api/v1/placement/sync',
    action: Actions.placementWrite,
    summary: 'Import the shard inventory and current assignments from the platform (never overwrites)',
    response: SyncPlacementResultSchema,
  }),
  previewInventory: def({
    method: 'GET',
    path: '/api/v1/placement/inventory',
    action: Actions.placementRead,
    summary:
      "Inventory preview: the platform's tenants, shards and placements against the control plane's (create, update, unchanged, missing, conflicts); apply with the inventory.sync job",
    response: InventoryPreviewSchema,
  }),
} as const;
