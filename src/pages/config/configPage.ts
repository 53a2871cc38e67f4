import { SceneAppPage } from '@grafana/scenes';
import { configUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The Config page: versioned documents by scope, editor, history, diff, preview, apply, rollback; needs config:read. */
export function configPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Config',
    subTitle: 'Typed config per scope: every write a version, previewed on tenants, applied environment by environment',
    url: configUrl(),
    routePath: ROUTE_PATTERNS.config,
    getScene: () =>
      buildGuardedScene(Actions.configRead, () =>
        import(/* webpackChunkName: "page-config" */ './ConfigScene').then((m) => new m.ConfigScene())
      ),
  });
}
