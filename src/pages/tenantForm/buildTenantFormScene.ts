import { TenantFormScene } from './TenantFormScene';

/** Body of the create (no id) or edit (`tenantId`) page; loaded lazily (its own chunk). */
export function buildTenantFormScene(tenantId?: string): TenantFormScene {
  return new TenantFormScene(tenantId ? { tenantId } : {});
}
