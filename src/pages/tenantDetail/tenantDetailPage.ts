import { EmbeddedScene, SceneAppPage, SceneFlexLayout, type SceneAppDrilldownView } from '@grafana/scenes';
import { ROUTE_PATTERNS, TENANT_TABS, tenantUrl } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

function overviewTab(tenantId: string): SceneAppPage {
  return new SceneAppPage({
    title: 'Overview',
    // The first tab is also served at the tenant's own URL.
    url: tenantUrl(tenantId),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.overview),
    getScene: () =>
      buildGuardedScene(Actions.tenantsRead, () =>
        import(/* webpackChunkName: "page-tenant-overview" */ './buildTenantOverviewScene').then((m) =>
          m.buildTenantOverviewScene(tenantId)
        )
      ),
  });
}

function isolationTab(tenantId: string): SceneAppPage {
  return new SceneAppPage({
    title: 'Isolation',
    url: tenantUrl(tenantId, TENANT_TABS.isolation),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.isolation),
    getScene: () =>
      buildGuardedScene(Actions.isolationRead, () =>
        import(/* webpackChunkName: "page-tenant-isolation" */ './buildTenantIsolationScene').then((m) =>
          m.buildTenantIsolationScene(tenantId)
        )
      ),
  });
}

function activityTab(tenantId: string): SceneAppPage {
  return new SceneAppPage({
    title: 'Activity',
    url: tenantUrl(tenantId, TENANT_TABS.activity),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.activity),
    getScene: () =>
      buildGuardedScene(Actions.activityRead, () =>
        import(/* webpackChunkName: "page-tenant-activity" */ './buildTenantActivityScene').then((m) =>
          m.buildTenantActivityScene(tenantId)
        )
      ),
  });
}

function placementTab(tenantId: string): SceneAppPage {
  return new SceneAppPage({
    title: 'Placement',
    url: tenantUrl(tenantId, TENANT_TABS.placement),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.placement),
    getScene: () =>
      buildGuardedScene(Actions.placementRead, () =>
        import(/* webpackChunkName: "page-tenant-placement" */ './buildTenantPlacementScene').then((m) =>
          m.buildTenantPlacementScene(tenantId)
        )
      ),
  });
}

function observabilityTab(tenantId: string): SceneAppPage {
  return new SceneAppPage({
    title: 'Observability',
    url: tenantUrl(tenantId, TENANT_TABS.observability),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.observability),
    preserveUrlKeys: ['from', 'to', 'refresh', 'var-level'],
    getScene: () =>
      buildGuardedScene(Actions.tenantsRead, () =>
        import(/* webpackChunkName: "page-tenant-observability" */ './buildTenantObservabilityScene').then((m) =>
          m.buildTenantObservabilityScene(tenantId)
        )
      ),
  });
}

function configTab(tenantId: string): SceneAppPage {
  return new SceneAppPage({
    title: 'Config',
    url: tenantUrl(tenantId, TENANT_TABS.config),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.config),
    getScene: () =>
      buildGuardedScene(Actions.configRead, () =>
        import(/* webpackChunkName: "page-tenant-config" */ './buildTenantConfigScene').then((m) =>
          m.buildTenantConfigScene(tenantId)
        )
      ),
  });
}

/** The tenant detail drilldown (`tenants/:tenantId/*`) with its Overview, Observability, Placement, Isolation, Activity and Config tabs. */
export function tenantDetailDrilldown(): SceneAppDrilldownView {
  return {
    routePath: ROUTE_PATTERNS.tenantDetail,
    getPage: (match, parent) => {
      const tenantId = match.params.tenantId ?? '';
      return new SceneAppPage({
        title: `Tenant ${tenantId}`,
        url: tenantUrl(tenantId),
        routePath: ROUTE_PATTERNS.tenantDetail,
        getParentPage: () => parent,
        getScene: () => new EmbeddedScene({ body: new SceneFlexLayout({ children: [] }) }),
        tabs: [
          overviewTab(tenantId),
          observabilityTab(tenantId),
          placementTab(tenantId),
          isolationTab(tenantId),
          activityTab(tenantId),
          configTab(tenantId),
        ],
      });
    },
  };
}
