import type {
  Alert,
  AlertPage,
  CreateJob,
  CreateJobResponse,
  JobDetail,
  JobPage,
  PlatformHealthOverview,
  TenantCounts,
} from '../contract';
import { jobEndpoints } from '../contract/jobEndpoints';
import { operationsEndpoints } from '../contract/operationsEndpoints';
import { auditEndpoints } from '../contract/auditEndpoints';
import { clientOf, type QueryOf, type ResponseOf } from './client';

const callApi = clientOf({ ...jobEndpoints, ...operationsEndpoints, ...auditEndpoints });

/**
 * The calls the overview, operations hub, job page and run-an-action flow make. Scenes depend on
 * this interface so tests can hand them a fake; the implementation forwards to `callApi`.
 */
export interface OperationsApi {
  listJobs(query: QueryOf<'listJobs'>): Promise<JobPage>;
  getJob(id: string): Promise<JobDetail>;
  /** `dryRun` returns only the plan. Reuse `idempotencyKey` when retrying the same request. */
  createJob(body: CreateJob, dryRun: boolean, idempotencyKey: string): Promise<CreateJobResponse>;
  cancelJob(id: string, reason: string): Promise<JobDetail>;
  approveJob(id: string, planHash: string, reason?: string): Promise<JobDetail>;
  /** Every environment the user may see, each its own snapshot. */
  getPlatformHealth(): Promise<PlatformHealthOverview>;
  listAlerts(query: QueryOf<'listAlerts'>): Promise<AlertPage>;
  getTenantCounts(): Promise<TenantCounts>;
  /** A new job from a failed or cancelled one (planned again). One key per intent. */
  retryJob(id: string, reason: string, idempotencyKey: string): Promise<CreateJobResponse>;
  silenceAlert(fingerprint: string, durationMinutes: number, reason: string, idempotencyKey: string): Promise<Alert>;
  expireSilence(id: string, reason: string, idempotencyKey: string): Promise<ResponseOf<'expireAlertSilence'>>;
  acknowledgeAlert(fingerprint: string, idempotencyKey: string, reason?: string): Promise<Alert>;
  /** The audit entries a job wrote (activity:read, not the Audit page's audit:read). */
  jobActivity(id: string, query: QueryOf<'getJobActivity'>): Promise<ResponseOf<'getJobActivity'>>;
}

export const operationsApi: OperationsApi = {
  listJobs: (query) => callApi('listJobs', { query }),
  getJob: (id) => callApi('getJob', { params: { id } }),
  createJob: (body, dryRun, idempotencyKey) =>
    callApi('createJob', { body, query: { dryRun: dryRun ? 'true' : 'false' }, idempotencyKey }),
  cancelJob: (id, reason) => callApi('cancelJob', { params: { id }, body: { reason } }),
  approveJob: (id, planHash, reason) =>
    callApi('approveJob', { params: { id }, body: { planHash, ...(reason ? { reason } : {}) } }),
  getPlatformHealth: () => callApi('getPlatformHealth'),
  listAlerts: (query) => callApi('listAlerts', { query }),
  getTenantCounts: () => callApi('getTenantCounts'),
  retryJob: (id, reason, idempotencyKey) => callApi('retryJob', { params: { id }, body: { reason }, idempotencyKey }),
  silenceAlert: (fingerprint, durationMinutes, reason, idempotencyKey) =>
    callApi('createAlertSilence', { body: { fingerprint, durationMinutes, reason }, idempotencyKey }),
  expireSilence: (id, reason, idempotencyKey) =>
    callApi('expireAlertSilence', { params: { id }, body: { reason }, idempotencyKey }),
  acknowledgeAlert: (fingerprint, idempotencyKey, reason) =>
    callApi('acknowledgeAlert', { body: { fingerprint, ...(reason ? { reason } : {}) }, idempotencyKey }),
  jobActivity: (id, query) => callApi('getJobActivity', { params: { id }, query }),
};
