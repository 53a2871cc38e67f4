import { SceneAppPage, type SceneAppDrilldownView } from '@grafana/scenes';
import { ROUTE_PATTERNS, tenantsUrl } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';
import { loadTenantsScene } from './loadTenantsScene';

/** The Tenants page. Drilldowns (the tenant detail) are wired by the app, so pages stay independent. */
export function tenantsPage(drilldowns: SceneAppDrilldownView[] = []): SceneAppPage {
  return new SceneAppPage({
    title: 'Tenants',
    subTitle: 'Search, filter and change the lifecycle of tenants',
    url: tenantsUrl(),
    routePath: ROUTE_PATTERNS.tenants,
    getScene: () => buildGuardedScene(Actions.tenantsRead, () => loadTenantsScene().then((m) => m.buildTenantsScene())),
    drilldowns,
  });
}
