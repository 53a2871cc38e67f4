import { SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { Actions, type Tenant } from '../../contract';
import { can } from '../../shared/permissions';
import { RunActionScene } from '../../shared/RunActionScene';
import { TenantOverviewScene } from './TenantOverviewScene';
import { TenantRemediationScene } from './TenantRemediationScene';
import { TenantSummaryScene } from './TenantSummaryScene';
import { TenantWorkloadsScene } from './TenantWorkloadsScene';
import { buildTenantHealthStrip } from './buildTenantHealthStrip';

/**
 * The tenant's remediation callout (a failed job, or a state no job explains), health strip (request
 * rate, 5xx ratio, p95), summary (isolation verdict, active jobs, recent activity), fields and
 * lifecycle, under the run-an-action bar (`?action=drain` opens that preflight), then its placement:
 * the shard of each service kind, i.e. the deployments serving it, with restart, scale and secret rotation.
 * `tenant`, the record the page has just read, spares the first render a second read of it.
 */
export function buildTenantOverviewScene(tenantId: string, tenant?: Tenant): SceneFlexLayout {
  const summary = new TenantSummaryScene({ tenantId });
  return new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexItem({ body: new RunActionScene({ tenantId }) }),
      new SceneFlexItem({
        body: new TenantRemediationScene({ tenantId, tenant }, undefined, undefined, summary),
      }),
      new SceneFlexItem({ body: buildTenantHealthStrip(tenantId) }),
      new SceneFlexItem({ body: summary }),
      new SceneFlexItem({ body: new TenantOverviewScene({ tenantId, tenant }, undefined, summary) }),
      // Its deployments come from the placement (one deployment per shard serving the tenant).
      ...(can(Actions.placementRead) ? [new SceneFlexItem({ body: new TenantWorkloadsScene({ tenantId }) })] : []),
    ],
  });
}
