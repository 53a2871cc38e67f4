import { SceneAppPage, SceneReactObject } from '@grafana/scenes';
import { entitlementsUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** Entitlement rules (Admins): which Grafana teams and org roles see which tenants. Needs entitlements:admin. */
export function entitlementsPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Entitlements',
    subTitle: 'Which Grafana teams and org roles see which tenants',
    url: entitlementsUrl(),
    routePath: ROUTE_PATTERNS.entitlements,
    getScene: () =>
      buildGuardedScene(Actions.entitlementsAdmin, () =>
        import(/* webpackChunkName: "page-entitlements" */ './EntitlementRulesPage').then(
          (m) => new SceneReactObject({ component: m.EntitlementRulesPage })
        )
      ),
  });
}
