import { TenantActivityScene } from './TenantActivityScene';

export function buildTenantActivityScene(tenantId: string): TenantActivityScene {
  return new TenantActivityScene({ tenantId });
}
