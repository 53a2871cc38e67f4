import { SceneAppPage } from '@grafana/scenes';
import { overviewUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';
import { loadOverviewScene } from './loadOverviewScene';

/** The app's landing page (tenants:read; operations sections appear for operations:read). */
export function overviewPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Overview',
    subTitle:
      'Tenants, platform health, uptime, failed jobs and firing alerts at a glance; every number opens the filtered page',
    url: overviewUrl(),
    routePath: ROUTE_PATTERNS.overview,
    preserveUrlKeys: ['from', 'to'],
    getScene: () =>
      buildGuardedScene(Actions.tenantsRead, () => loadOverviewScene().then((m) => new m.OverviewScene())),
  });
}
