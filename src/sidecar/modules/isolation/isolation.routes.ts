/** Isolation endpoints: thin adapters from the validated request to one IsolationService call. */
import type { IsolationService } from './isolation.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function isolationRoutes(isolation: IsolationService): RouteHandlers {
  return {
    listIsolation: async ({ query }) => isolation.list(query),
    getTenantIsolation: async ({ params }) => isolation.get(params.id),
    probeTenantIsolation: async ({ params, body, mutation }) => isolation.probe(mutation, params.id, body.reason),
  };
}
