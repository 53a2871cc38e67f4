import { SceneAppPage, type SceneAppDrilldownView } from '@grafana/scenes';
import { ROUTE_PATTERNS, tenantEditUrl, tenantNewUrl } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

function formScene(tenantId?: string) {
  return buildGuardedScene(Actions.tenantsWrite, () =>
    import(/* webpackChunkName: "page-tenant-form" */ './buildTenantFormScene').then((m) =>
      m.buildTenantFormScene(tenantId)
    )
  );
}

/** `tenants/new`: the create form (a drilldown of the tenants page, wired by the app). */
export function tenantCreateDrilldown(): SceneAppDrilldownView {
  return {
    routePath: ROUTE_PATTERNS.tenantNew,
    getPage: (_match, parent) =>
      new SceneAppPage({
        title: 'New tenant',
        subTitle: 'Every field is checked as you go; preview the plan, then create',
        url: tenantNewUrl(),
        routePath: ROUTE_PATTERNS.tenantNew,
        getParentPage: () => parent,
        getScene: () => formScene(),
      }),
  };
}

/** `tenants/:tenantId/edit`: the edit form of one tenant. */
export function tenantEditDrilldown(): SceneAppDrilldownView {
  return {
    routePath: ROUTE_PATTERNS.tenantEdit,
    getPage: (match, parent) => {
      const tenantId = match.params.tenantId ?? '';
      return new SceneAppPage({
        title: `Edit tenant ${tenantId}`,
        subTitle: 'Preview the plan, then save; a concurrent change shows both versions',
        url: tenantEditUrl(tenantId),
        routePath: ROUTE_PATTERNS.tenantEdit,
        getParentPage: () => parent,
        getScene: () => formScene(tenantId),
      });
    },
  };
}
