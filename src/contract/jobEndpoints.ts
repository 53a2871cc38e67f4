/**
 * Job endpoints: create (or dry-run plan), list, read, cancel, retry and approve operations jobs. Spread
 * into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import {
  ApproveJobSchema,
  CancelJobSchema,
  CreateJobQuerySchema,
  CreateJobResponseSchema,
  CreateJobSchema,
  JobDetailSchema,
  JobIdParamsSchema,
  JobPageSchema,
  ListJobsQuerySchema,
  RetryJobSchema,
} from './jobs';

export const jobEndpoints = {
  createJob: def({
    method: 'POST',
    path: '/api/v1/jobs',
    action: Actions.operationsExecute,
    summary: 'Create an operations job (Idempotency-Key required; ?dryRun=true returns only the plan)',
    query: CreateJobQuerySchema,
    body: CreateJobSchema,
    response: CreateJobResponseSchema,
    idempotent: true,
    successStatus: 201,
  }),
  listJobs: def({
    method: 'GET',
    path: '/api/v1/jobs',
    action: Actions.operationsRead,
    summary: 'List jobs, active first, with filters and cursor pagination',
    query: ListJobsQuerySchema,
    response: JobPageSchema,
  }),
  getJob: def({
    method: 'GET',
    path: '/api/v1/jobs/:id',
    action: Actions.operationsRead,
    summary: 'Get one job with its steps and audit entry ids',
    params: JobIdParamsSchema,
    response: JobDetailSchema,
  }),
  cancelJob: def({
    method: 'POST',
    path: '/api/v1/jobs/:id/cancel',
    action: Actions.operationsExecute,
    summary: 'Cancel a job between steps (compensation runs where defined)',
    params: JobIdParamsSchema,
    body: CancelJobSchema,
    response: JobDetailSchema,
  }),
  retryJob: def({
    method: 'POST',
    path: '/api/v1/jobs/:id/retry',
    action: Actions.operationsExecute,
    summary: 'Retry a failed or cancelled job: a new job from the same type and parameters, planned again',
    params: JobIdParamsSchema,
    body: RetryJobSchema,
    response: CreateJobResponseSchema,
    idempotent: true,
    successStatus: 201,
  }),
  approveJob: def({
    method: 'POST',
    // Its own prefix: Grafana proxy routes match `<prefix>/*`, and approve needs a different reqAction than cancel.
    path: '/api/v1/job-approvals/:id',
    action: Actions.operationsApprove,
    summary: 'Approve a job awaiting a second operator (bound to its plan hash)',
    params: JobIdParamsSchema,
    body: ApproveJobSchema,
    response: JobDetailSchema,
  }),
} as const;
