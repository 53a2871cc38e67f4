import {
  EmbeddedScene,
  SceneApp,
  SceneAppPage,
  SceneReactObject,
  type SceneAppDrilldownView,
  type SceneAppPageLike,
} from '@grafana/scenes';
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

/**
 * The app's "page not found". Scenes matches a URL level by level: the app picks a page, the page
 * a tab or drilldown, and a URL that goes no further renders that level's fallback page (Scenes'
 * own "there might be a bug in this application" unless the level names one). So it is the
 * fallback of every level, and also the app's catch-all for a first segment no page claims.
 */
function notFoundPage(): SceneAppPage {
  const page = new SceneAppPage({
    title: 'Page not found',
    url: prefixRoute('not-found'),
    routePath: '*',
    getScene: () => new EmbeddedScene({ body: new SceneReactObject({ component: NotFound }) }),
  });
  page.setState({ getFallbackPage: () => page });
  return page;
}

/** Makes `notFound` the fallback of `page`, its tabs, and the pages its drilldowns build (when built). */
function withNotFound<P extends SceneAppPageLike>(page: P, notFound: SceneAppPageLike): P {
  const { tabs, drilldowns } = page.state;
  tabs?.forEach((tab) => withNotFound(tab, notFound));
  page.setState({
    getFallbackPage: () => notFound,
    drilldowns: drilldowns?.map((d): SceneAppDrilldownView => ({
      ...d,
      getPage: (match, parent) => withNotFound(d.getPage(match, parent), notFound),
    })),
  });
  return page;
}

/** The app's pages. The app (not the pages) wires drilldowns, so `pages/a` never imports `pages/b`. */
export function buildSceneApp(): SceneApp {
  const notFound = notFoundPage();
  const pages = [
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
  ];
  return new SceneApp({
    pages: [...pages.map((page) => withNotFound(page, notFound)), notFound],
    urlSyncOptions: { updateUrlOnInit: false, createBrowserHistorySteps: true },
  });
}
