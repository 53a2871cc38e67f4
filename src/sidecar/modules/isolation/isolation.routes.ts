/** Isolation endpoints: thin adapters from the validated request to one IsolationService call. */
import type { IsolationService } from './isolation.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function isolationRoutes(isolation: IsolationService): RouteHandlers {
  return {
    listIsolation: async ({ query, scope }) => isolation.list(await scope(), query),
    getTenantIsolation: async ({ params, scope }) => isolation.get(await scope(), params.id),
    probeTenantIsolation: async ({ params, body, mutation, scope }) =>
      isolation.probe(mutation, await scope(), params.id, body.reason),
  };
}
