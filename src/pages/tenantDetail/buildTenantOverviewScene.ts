import { TenantOverviewScene } from './TenantOverviewScene';

export function buildTenantOverviewScene(tenantId: string): TenantOverviewScene {
  return new TenantOverviewScene({ tenantId });
}
