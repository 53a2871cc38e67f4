import { SceneAppPage } from '@grafana/scenes';
import { isolationUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The fleet isolation posture page (security admins): needs isolation:read. */
export function isolationPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Isolation',
    subTitle: 'Runtime isolation posture of every tenant, as reported by the platform: violations first',
    url: isolationUrl(),
    routePath: ROUTE_PATTERNS.isolation,
    getScene: () =>
      buildGuardedScene(Actions.isolationRead, () =>
        import(/* webpackChunkName: "page-isolation" */ './buildIsolationScene').then((m) => m.buildIsolationScene())
      ),
  });
}
