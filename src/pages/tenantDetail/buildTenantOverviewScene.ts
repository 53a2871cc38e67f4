import { SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { RunActionScene } from '../../shared/RunActionScene';
import { TenantOverviewScene } from './TenantOverviewScene';
import { TenantRemediationScene } from './TenantRemediationScene';
import { buildTenantHealthStrip } from './buildTenantHealthStrip';

/**
 * The tenant's remediation callout (a failed job, or a state no job explains), health strip, fields
 * and lifecycle, under the run-an-action bar (`?action=drain` opens that preflight).
 */
export function buildTenantOverviewScene(tenantId: string): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexItem({ body: new RunActionScene({ tenantId }) }),
      new SceneFlexItem({ body: new TenantRemediationScene({ tenantId }) }),
      new SceneFlexItem({ body: buildTenantHealthStrip(tenantId) }),
      new SceneFlexItem({ body: new TenantOverviewScene({ tenantId }) }),
    ],
  });
}
