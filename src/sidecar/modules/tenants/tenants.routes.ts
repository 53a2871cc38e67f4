/** Tenant endpoints: thin adapters from the validated request to one TenantsService call. */
import type { TenantsService } from './tenants.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function tenantsRoutes(tenants: TenantsService): RouteHandlers {
  return {
    listTenants: async ({ query, scope }) => tenants.listJson(await scope(), query),
    getTenant: async ({ params, scope }) => tenants.get(params.id, await scope()),
    createTenant: async ({ body, mutation, scope }) => tenants.create(mutation, await scope(), body),
    updateTenant: async ({ params, body, ifMatch, mutation, scope }) =>
      tenants.update(mutation, await scope(), params.id, ifMatch, body),
    changeTenantStatus: async ({ params, body, mutation, scope }) =>
      tenants.changeStatus(mutation, params.id, body.to, body.reason, 'tenant.status', await scope()),
    archiveTenant: async ({ params, body, mutation, scope }) =>
      tenants.archive(mutation, await scope(), params.id, body.reason),
    planTenantChange: async ({ body, scope }) => tenants.plan(await scope(), body),
    bulkTenantStatus: async ({ body, mutation, scope }) =>
      tenants.bulkStatus(mutation, await scope(), body.ids, body.to, body.reason),
  };
}
