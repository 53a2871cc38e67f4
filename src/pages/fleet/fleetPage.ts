import { SceneAppPage, type SceneAppDrilldownView } from '@grafana/scenes';
import { fleetUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The fleet page (platform owners, SREs): shards per service kind; needs placement:read. The shard page drilldown is wired by the app. */
export function fleetPage(drilldowns: SceneAppDrilldownView[] = []): SceneAppPage {
  return new SceneAppPage({
    title: 'Fleet',
    subTitle: 'Shards per service kind: utilization, tenants, status and version; cordon, uncordon and drain',
    url: fleetUrl(),
    routePath: ROUTE_PATTERNS.fleet,
    getScene: () =>
      buildGuardedScene(Actions.placementRead, () =>
        import(/* webpackChunkName: "page-fleet" */ './buildFleetScene').then((m) => m.buildFleetScene())
      ),
    drilldowns,
  });
}
