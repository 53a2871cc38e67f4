import { SceneAppPage, type SceneAppDrilldownView } from '@grafana/scenes';
import { operationsUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';
import { loadOperationsBody } from './loadOperationsBody';

/** The operations hub (operations:read). The job page drilldown is wired by the app. */
export function operationsPage(drilldowns: SceneAppDrilldownView[] = []): SceneAppPage {
  return new SceneAppPage({
    title: 'Operations',
    subTitle: 'Alerts to act on, jobs (active first), and the health of the platform namespace',
    url: operationsUrl(),
    routePath: ROUTE_PATTERNS.operations,
    getScene: () =>
      buildGuardedScene(Actions.operationsRead, () => loadOperationsBody().then((m) => m.buildOperationsBody())),
    drilldowns,
  });
}
