/**
 * Entitlements: which Grafana teams and org roles see which tenants. Owns the rules and resolves a
 * caller's tenant scope; the composition root hands `scopeOf` to the registrar, so every handler gets
 * its request's scope from `HandlerContext.scope()` (kernel/scope.ts turns it into SQL).
 */
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { TenantScope } from '../../kernel/scope';
import type { Caller } from '../../kernel/trust/idToken';
import type { GrafanaTeamsClient } from '../../platform/grafanaTeams';
import { entitlementsMigrations } from './entitlements.migrations';
import { entitlementsRoutes } from './entitlements.routes';
import { EntitlementsService } from './entitlements.service';

export { combineScopes } from './entitlements.service';

export const entitlementsModule: SidecarModule<
  ModuleContext & { grafanaTeams: GrafanaTeamsClient | null },
  { scopeOf: (caller: Caller) => Promise<TenantScope> }
> = {
  name: 'entitlements',
  migrations: entitlementsMigrations,
  create({ db, mutations, config, grafanaTeams }) {
    const service = new EntitlementsService(db, mutations, config.entitlements, grafanaTeams);
    return {
      exports: { scopeOf: (caller) => service.scopeOf(caller) },
      routes: entitlementsRoutes(service),
    };
  },
};
