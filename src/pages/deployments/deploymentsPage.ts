import { SceneAppPage } from '@grafana/scenes';
import { deploymentsUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The Deployments page: version matrix, active rollouts with live gates, history and freezes; needs deployments:read. */
export function deploymentsPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Deployments',
    subTitle: 'What runs where, canary rollouts gated on 5xx ratio and p95, automatic rollback, deploy freezes',
    url: deploymentsUrl(),
    routePath: ROUTE_PATTERNS.deployments,
    getScene: () =>
      buildGuardedScene(Actions.deploymentsRead, () =>
        import(/* webpackChunkName: "page-deployments" */ './DeploymentsScene').then((m) => new m.DeploymentsScene())
      ),
  });
}
