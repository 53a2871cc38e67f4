/** Config endpoints: thin adapters from the validated request to one ConfigService call. */
import type { RouteHandlers } from '../../kernel/registrar';
import type { ConfigService } from './config.service';

export function configRoutes(config: ConfigService): RouteHandlers {
  return {
    listConfigDocuments: async ({ query, scope }) => config.list(query, await scope()),
    listConfigVersions: async ({ params, scope }) => config.versions(params.kind, params.scope, await scope()),
    getConfigVersion: async ({ params, scope }) =>
      config.version(params.kind, params.scope, params.version, await scope()),
    diffConfigVersions: async ({ params, query, scope }) =>
      config.diff(params.kind, params.scope, query.from, query.to, await scope()),
    writeConfig: async ({ params, body, mutation, scope }) =>
      config.write(mutation, params.kind, params.scope, body, await scope()),
    rollbackConfig: async ({ params, body, mutation, scope }) =>
      config.rollback(mutation, params.kind, params.scope, body, await scope()),
    applyConfig: async ({ params, body, mutation, caller, scope }) =>
      config.apply(mutation, caller, params.kind, params.scope, body, await scope()),
    previewConfig: async ({ body, scope }) => config.preview(body, await scope()),
    getTenantEffectiveConfig: async ({ params, scope }) => config.effective(params.id, await scope()),
  };
}
