/** Definitions endpoints: thin adapters from the validated request to one DefinitionsService call. */
import type { RouteHandlers } from '../../kernel/registrar';
import type { DefinitionsService } from './definitions.service';

export function definitionsRoutes(definitions: DefinitionsService): RouteHandlers {
  return {
    listBundles: async () => definitions.listBundles(),
    uploadBundle: async ({ body, mutation }) => definitions.upload(mutation, body.bundle, body.reason),
    getBundle: async ({ params }) => definitions.getBundle(params.name, params.version),
    getBundleImpact: async ({ params, query, scope }) =>
      definitions.impact(params.name, params.version, query.environment, await scope()),
    validateBundle: async ({ body }) => definitions.validate(body.bundle, body.environment),
    listBundleEnvironments: async () => definitions.environments(),
    listPromotions: async ({ query }) => definitions.listPromotions(query),
    requestPromotion: async ({ body, mutation, caller }) => definitions.requestPromotion(mutation, caller, body),
    getPromotion: async ({ params }) => definitions.getPromotion(params.id),
    approvePromotion: async ({ params, body, mutation }) =>
      definitions.approvePromotion(mutation, params.id, body.reason),
    revertBundle: async ({ body, mutation, caller }) => definitions.revert(mutation, caller, body),
    getTenantDefinitionOverrides: async ({ params, scope }) => definitions.overrides(params.id, await scope()),
    setTenantDefinitionOverride: async ({ params, body, mutation, scope }) =>
      definitions.setOverride(mutation, params.id, body, await scope()),
  };
}
