import { EmbeddedScene, SceneApp, SceneAppPage, SceneReactObject } from '@grafana/scenes';
import { auditPage } from '../pages/audit/auditPage';
import { configPage } from '../pages/config/configPage';
import { entitlementsPage } from '../pages/entitlements/entitlementsPage';
import { definitionsPage } from '../pages/definitions/definitionsPage';
import { deploymentsPage } from '../pages/deployments/deploymentsPage';
import { fleetPage } from '../pages/fleet/fleetPage';
import { isolationPage } from '../pages/isolation/isolationPage';
import { jobDetailDrilldown } from '../pages/jobs/jobDetailPage';
import { operationsPage } from '../pages/operations/operationsPage';
import { overviewPage } from '../pages/overview/overviewPage';
import { rebalancePage } from '../pages/rebalance/rebalancePage';
import { shardDetailDrilldown } from '../pages/shardDetail/shardDetailPage';
import { tenantDetailDrilldown } from '../pages/tenantDetail/tenantDetailPage';
import { tenantCreateDrilldown, tenantEditDrilldown } from '../pages/tenantForm/tenantFormPage';
import { tenantsPage } from '../pages/tenants/tenantsPage';
import { NotFound } from './NotFound';
import { prefixRoute } from '../shared/routing';

/** Catch-all for URLs under the app that match no page (react-router ranks it last). */
function notFoundPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Page not found',
    url: prefixRoute('not-found'),
    routePath: '*',
    getScene: () => new EmbeddedScene({ body: new SceneReactObject({ component: NotFound }) }),
  });
}

/** The app's pages. The app (not the pages) wires drilldowns, so `pages/a` never imports `pages/b`. */
export function buildSceneApp(): SceneApp {
  return new SceneApp({
    pages: [
      overviewPage(),
      tenantsPage([tenantCreateDrilldown(), tenantEditDrilldown(), tenantDetailDrilldown()]),
      operationsPage([jobDetailDrilldown()]),
      isolationPage(),
      fleetPage([shardDetailDrilldown()]),
      rebalancePage(),
      auditPage(),
      deploymentsPage(),
      configPage(),
      definitionsPage(),
      entitlementsPage(),
      notFoundPage(),
    ],
    urlSyncOptions: { updateUrlOnInit: false, createBrowserHistorySteps: true },
  });
}
