import { SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { Actions } from '../../contract';
import { can } from '../../shared/permissions';
import { TenantConfigScene } from './TenantConfigScene';
import { TenantOverridesScene } from './TenantOverridesScene';

/**
 * Body of the tenant's Config tab (loaded lazily by tenantDetailPage): its effective configuration,
 * then its overrides of the definition bundles running in its environment (definitions:read).
 */
export function buildTenantConfigScene(tenantId: string): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexItem({ body: new TenantConfigScene({ tenantId }) }),
      ...(can(Actions.definitionsRead) ? [new SceneFlexItem({ body: new TenantOverridesScene({ tenantId }) })] : []),
    ],
  });
}
