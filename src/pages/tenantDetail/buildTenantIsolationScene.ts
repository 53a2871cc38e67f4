import { TenantIsolationScene } from './TenantIsolationScene';

export function buildTenantIsolationScene(tenantId: string): TenantIsolationScene {
  return new TenantIsolationScene({ tenantId });
}
