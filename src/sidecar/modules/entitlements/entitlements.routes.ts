/** Entitlement endpoints: thin adapters from the validated request to one EntitlementsService call. */
import type { RouteHandlers } from '../../kernel/registrar';
import type { EntitlementsService } from './entitlements.service';

export function entitlementsRoutes(entitlements: EntitlementsService): RouteHandlers {
  return {
    listEntitlementRules: async () => entitlements.list(),
    createEntitlementRule: async ({ body, mutation }) => entitlements.create(mutation, body),
    updateEntitlementRule: async ({ params, body, ifMatch, mutation }) =>
      entitlements.update(mutation, params.id, ifMatch, body),
    deleteEntitlementRule: async ({ params, ifMatch, mutation }) => entitlements.remove(mutation, params.id, ifMatch),
    previewEntitlementScope: async ({ body }) => entitlements.preview(body),
    listGrafanaTeams: async () => entitlements.grafanaTeams(),
    getMyEntitlements: async ({ caller }) => entitlements.me(caller),
  };
}
