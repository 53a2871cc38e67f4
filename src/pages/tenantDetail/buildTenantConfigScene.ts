import { TenantConfigScene } from './TenantConfigScene';

/** Body of the tenant's Config tab; loaded lazily by tenantDetailPage. */
export function buildTenantConfigScene(tenantId: string): TenantConfigScene {
  return new TenantConfigScene({ tenantId });
}
