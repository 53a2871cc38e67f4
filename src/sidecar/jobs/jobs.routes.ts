/** Job endpoints: thin adapters from the validated request to one JobsService call. */
import type { JobsService } from './jobs.service';
import type { RouteHandlers } from '../kernel/registrar';

export function jobsRoutes(jobs: JobsService): RouteHandlers {
  return {
    createJob: async ({ body, query, mutation, caller, scope }) =>
      jobs.create(mutation, caller, body, query.dryRun, await scope()),
    listJobs: async ({ query, scope }) => jobs.list(query, await scope()),
    getJob: async ({ params, scope }) => jobs.get(params.id, await scope()),
    cancelJob: async ({ params, body, mutation, scope }) =>
      jobs.cancel(mutation, params.id, body.reason, await scope()),
    retryJob: async ({ params, body, mutation, caller, scope }) =>
      jobs.retry(mutation, caller, params.id, body.reason, await scope()),
    approveJob: async ({ params, body, mutation, scope }) => jobs.approve(mutation, params.id, body, await scope()),
  };
}
