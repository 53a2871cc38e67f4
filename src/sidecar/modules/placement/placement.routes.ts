/** Placement endpoints: thin adapters from the validated request to one PlacementService / InventoryService call. */
import type { InventoryService } from './inventory.service';
import type { PlacementService } from './placement.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function placementRoutes(placement: PlacementService, inventory: InventoryService): RouteHandlers {
  return {
    listShards: async ({ query, scope }) => placement.listShards(query, await scope()),
    getShard: async ({ params, scope }) => placement.getShard(params.id, await scope()),
    listShardTenants: async ({ params, query, scope }) => placement.shardTenants(await scope(), params.id, query),
    getTenantPlacement: async ({ params, scope }) => placement.tenantPlacement(await scope(), params.id),
    previewRebalance: async ({ query, scope }) => placement.previewRebalance(query, await scope()),
    syncPlacement: async ({ mutation, scope }) => placement.sync(mutation, await scope()),
    previewInventory: async ({ scope }) => inventory.preview(await scope()),
  };
}
