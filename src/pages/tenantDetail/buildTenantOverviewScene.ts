import { SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { Actions } from '../../contract';
import { can } from '../../shared/permissions';
import { RunActionScene } from '../../shared/RunActionScene';
import { TenantOverviewScene } from './TenantOverviewScene';
import { TenantRemediationScene } from './TenantRemediationScene';
import { TenantWorkloadsScene } from './TenantWorkloadsScene';
import { buildTenantHealthStrip } from './buildTenantHealthStrip';

/**
 * The tenant's remediation callout (a failed job, or a state no job explains), health strip, fields
 * and lifecycle, under the run-an-action bar (`?action=drain` opens that preflight), then the
 * deployments serving the tenant with restart, scale and secret rotation.
 */
export function buildTenantOverviewScene(tenantId: string): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexItem({ body: new RunActionScene({ tenantId }) }),
      new SceneFlexItem({ body: new TenantRemediationScene({ tenantId }) }),
      new SceneFlexItem({ body: buildTenantHealthStrip(tenantId) }),
      new SceneFlexItem({ body: new TenantOverviewScene({ tenantId }) }),
      // Its deployments come from the placement (one deployment per shard serving the tenant).
      ...(can(Actions.placementRead) ? [new SceneFlexItem({ body: new TenantWorkloadsScene({ tenantId }) })] : []),
    ],
  });
}
