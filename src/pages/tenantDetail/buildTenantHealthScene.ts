import { SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { TenantHealthScene } from './TenantHealthScene';
import { buildTenantHealthStrip } from './buildTenantHealthStrip';

/** The tenant's Health tab: its traffic (request rate, 5xx ratio, p95) above the deployments and pods serving it. */
export function buildTenantHealthScene(tenantId: string): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexItem({ body: buildTenantHealthStrip(tenantId) }),
      new SceneFlexItem({ body: new TenantHealthScene({ tenantId }) }),
    ],
  });
}
