import {
  EmbeddedScene,
  SceneAppPage,
  SceneFlexLayout,
  SceneReactObject,
  type SceneAppDrilldownView,
  type SceneObject,
} from '@grafana/scenes';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { ROUTE_PATTERNS, TENANT_TABS, tenantUrl } from '../../shared/routing';
import { Actions, type Tenant } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';
import { TenantNotFound, tenantNotFoundTitle } from './TenantNotFound';
import { TenantPresence } from './TenantPresence';

/**
 * Wraps a tab's lazy load: the tab's content is built only once its tenant is known to exist. The
 * builder gets the record that read found, when no tab has used it yet (see `TenantPresence.take`).
 */
type TabGate = (
  loadChunk: () => Promise<(tenant: Tenant | undefined) => SceneObject | Promise<SceneObject>>
) => () => Promise<SceneObject>;

function tenantNotFoundBody(tenantId: string): SceneObject {
  return new SceneReactObject({ component: TenantNotFound, props: { tenantId } });
}

/**
 * Turns the tenant page into its not-found state: the title says so, the tabs go (so does their
 * content, with its action bar and requests), and every URL under the tenant shows the same body.
 */
function showTenantNotFound(page: SceneAppPage, tenantId: string) {
  page.setState({
    title: tenantNotFoundTitle(tenantId),
    tabs: undefined,
    getScene: () => new EmbeddedScene({ body: tenantNotFoundBody(tenantId) }),
    getFallbackPage: () => page,
  });
}

/**
 * The gate of one tenant page: the tab's code loads while the tenant is read; a 404 shows the
 * not-found state instead of the tab, anything else lets the tab load (and report its own errors).
 */
function tabGate(presence: TenantPresence, page: () => SceneAppPage): TabGate {
  return (loadChunk) => () =>
    Promise.all([presence.check(), loadChunk()]).then(([answer, build]) => {
      if (answer.kind === 'missing') {
        showTenantNotFound(page(), presence.tenantId);
        return tenantNotFoundBody(presence.tenantId);
      }
      return build(presence.take(answer));
    });
}

function overviewTab(tenantId: string, gated: TabGate): SceneAppPage {
  return new SceneAppPage({
    title: 'Overview',
    // The first tab is also served at the tenant's own URL.
    url: tenantUrl(tenantId),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.overview),
    getScene: () =>
      buildGuardedScene(
        Actions.tenantsRead,
        gated(() =>
          import(/* webpackChunkName: "page-tenant-overview" */ './buildTenantOverviewScene').then(
            (m) => (tenant) => m.buildTenantOverviewScene(tenantId, tenant)
          )
        )
      ),
  });
}

function isolationTab(tenantId: string, gated: TabGate): SceneAppPage {
  return new SceneAppPage({
    title: 'Isolation',
    url: tenantUrl(tenantId, TENANT_TABS.isolation),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.isolation),
    getScene: () =>
      buildGuardedScene(
        Actions.isolationRead,
        gated(() =>
          import(/* webpackChunkName: "page-tenant-isolation" */ './buildTenantIsolationScene').then(
            (m) => () => m.buildTenantIsolationScene(tenantId)
          )
        )
      ),
  });
}

function healthTab(tenantId: string, gated: TabGate): SceneAppPage {
  return new SceneAppPage({
    title: 'Health',
    url: tenantUrl(tenantId, TENANT_TABS.health),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.health),
    getScene: () =>
      buildGuardedScene(
        // Its deployments come from the placement, their state from the platform health.
        [Actions.placementRead, Actions.operationsRead],
        gated(() =>
          import(/* webpackChunkName: "page-tenant-health" */ './buildTenantHealthScene').then(
            (m) => () => m.buildTenantHealthScene(tenantId)
          )
        )
      ),
  });
}

function activityTab(tenantId: string, gated: TabGate): SceneAppPage {
  return new SceneAppPage({
    title: 'Activity',
    url: tenantUrl(tenantId, TENANT_TABS.activity),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.activity),
    getScene: () =>
      buildGuardedScene(
        Actions.activityRead,
        gated(() =>
          import(/* webpackChunkName: "page-tenant-activity" */ './buildTenantActivityScene').then(
            (m) => () => m.buildTenantActivityScene(tenantId)
          )
        )
      ),
  });
}

function placementTab(tenantId: string, gated: TabGate): SceneAppPage {
  return new SceneAppPage({
    title: 'Placement',
    url: tenantUrl(tenantId, TENANT_TABS.placement),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.placement),
    getScene: () =>
      buildGuardedScene(
        Actions.placementRead,
        gated(() =>
          import(/* webpackChunkName: "page-tenant-placement" */ './buildTenantPlacementScene').then(
            (m) => () => m.buildTenantPlacementScene(tenantId)
          )
        )
      ),
  });
}

function observabilityTab(tenantId: string, gated: TabGate): SceneAppPage {
  return new SceneAppPage({
    title: 'Observability',
    url: tenantUrl(tenantId, TENANT_TABS.observability),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.observability),
    preserveUrlKeys: ['from', 'to', 'refresh', 'var-level'],
    getScene: () =>
      buildGuardedScene(
        Actions.tenantsRead,
        gated(() =>
          import(/* webpackChunkName: "page-tenant-observability" */ './buildTenantObservabilityScene').then(
            (m) => () => m.buildTenantObservabilityScene(tenantId)
          )
        )
      ),
  });
}

function configTab(tenantId: string, gated: TabGate): SceneAppPage {
  return new SceneAppPage({
    title: 'Config',
    url: tenantUrl(tenantId, TENANT_TABS.config),
    routePath: ROUTE_PATTERNS.tenantTab(TENANT_TABS.config),
    getScene: () =>
      buildGuardedScene(
        Actions.configRead,
        gated(() =>
          import(/* webpackChunkName: "page-tenant-config" */ './buildTenantConfigScene').then(
            (m) => () => m.buildTenantConfigScene(tenantId)
          )
        )
      ),
  });
}

/**
 * The tenant detail drilldown (`tenants/:tenantId/*`) with its Overview, Observability, Placement,
 * Isolation, Health, Activity and Config tabs, or one not-found state when the sidecar answers 404 for the tenant.
 */
export function tenantDetailDrilldown(api: Pick<SwitchyardApi, 'getTenant'> = switchyardApi): SceneAppDrilldownView {
  // Scenes builds one page per URL (one per tab): the tenant's presence is read once for all of them.
  let presence: TenantPresence | undefined;
  const presenceOf = (tenantId: string) => {
    if (presence?.tenantId !== tenantId) {
      presence = new TenantPresence(tenantId, api);
    }
    return presence;
  };
  return {
    routePath: ROUTE_PATTERNS.tenantDetail,
    getPage: (match, parent) => {
      const tenantId = match.params.tenantId ?? '';
      const gated = tabGate(presenceOf(tenantId), () => page);
      const page = new SceneAppPage({
        title: `Tenant ${tenantId}`,
        url: tenantUrl(tenantId),
        routePath: ROUTE_PATTERNS.tenantDetail,
        getParentPage: () => parent,
        getScene: () => new EmbeddedScene({ body: new SceneFlexLayout({ children: [] }) }),
        tabs: [
          overviewTab(tenantId, gated),
          observabilityTab(tenantId, gated),
          placementTab(tenantId, gated),
          isolationTab(tenantId, gated),
          healthTab(tenantId, gated),
          activityTab(tenantId, gated),
          configTab(tenantId, gated),
        ],
      });
      return page;
    },
  };
}
