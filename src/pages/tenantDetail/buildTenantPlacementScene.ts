import { TenantPlacementScene } from './TenantPlacementScene';

/** Body of the tenant's Placement tab; loaded lazily by tenantDetailPage. */
export function buildTenantPlacementScene(tenantId: string): TenantPlacementScene {
  return new TenantPlacementScene({ tenantId });
}
