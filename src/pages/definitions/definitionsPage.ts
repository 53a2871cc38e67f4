import { SceneAppPage } from '@grafana/scenes';
import { definitionsUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The Definitions page: bundles, what runs in each environment, promote and revert; needs definitions:read. */
export function definitionsPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Definitions',
    subTitle: 'Aggregates, projections, sagas and effect providers: validated bundles promoted dev → staging → prod',
    url: definitionsUrl(),
    routePath: ROUTE_PATTERNS.definitions,
    getScene: () =>
      buildGuardedScene(Actions.definitionsRead, () =>
        import(/* webpackChunkName: "page-definitions" */ './DefinitionsScene').then((m) => new m.DefinitionsScene())
      ),
  });
}
