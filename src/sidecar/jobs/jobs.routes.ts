/** Job endpoints: thin adapters from the validated request to one JobsService call. */
import type { JobsService } from './jobs.service';
import type { RouteHandlers } from '../kernel/registrar';

export function jobsRoutes(jobs: JobsService): RouteHandlers {
  return {
    createJob: async ({ body, query, mutation, caller }) => jobs.create(mutation, caller, body, query.dryRun),
    listJobs: async ({ query }) => jobs.list(query),
    getJob: async ({ params }) => jobs.get(params.id),
    cancelJob: async ({ params, body, mutation }) => jobs.cancel(mutation, params.id, body.reason),
    retryJob: async ({ params, body, mutation, caller }) => jobs.retry(mutation, caller, params.id, body.reason),
    approveJob: async ({ params, body, mutation }) => jobs.approve(mutation, params.id, body),
  };
}
