/** Tenant endpoints: thin adapters from the validated request to one TenantsService call. */
import type { TenantsService } from './tenants.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function tenantsRoutes(tenants: TenantsService): RouteHandlers {
  return {
    listTenants: async ({ query }) => tenants.list(query),
    getTenant: async ({ params }) => tenants.get(params.id),
    createTenant: async ({ body, mutation }) => tenants.create(mutation, body),
    updateTenant: async ({ params, body, ifMatch, mutation }) => tenants.update(mutation, params.id, ifMatch, body),
    changeTenantStatus: async ({ params, body, mutation }) =>
      tenants.changeStatus(mutation, params.id, body.to, body.reason),
    archiveTenant: async ({ params, body, mutation }) => tenants.archive(mutation, params.id, body.reason),
    planTenantChange: async ({ body }) => tenants.plan(body),
    bulkTenantStatus: async ({ body, mutation }) => tenants.bulkStatus(mutation, body.ids, body.to, body.reason),
  };
}
