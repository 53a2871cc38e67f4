/** Placement endpoints: thin adapters from the validated request to one PlacementService / InventoryService call. */
import type { InventoryService } from './inventory.service';
import type { PlacementService } from './placement.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function placementRoutes(placement: PlacementService, inventory: InventoryService): RouteHandlers {
  return {
    listShards: async ({ query }) => placement.listShards(query),
    getShard: async ({ params }) => placement.getShard(params.id),
    listShardTenants: async ({ params, query, scope }) => placement.shardTenants(await scope(), params.id, query),
    getTenantPlacement: async ({ params, scope }) => placement.tenantPlacement(await scope(), params.id),
    previewRebalance: async ({ query }) => placement.previewRebalance(query),
    syncPlacement: async ({ mutation }) => placement.sync(mutation),
    previewInventory: async () => inventory.preview(),
  };
}
