/**
 * Switchyard's own metrics (the sidecar's /metrics): isolation verdicts and jobs.
 * - `switchyard_isolation_verdict{tenant_id,verdict}` is 1 for each tenant's current verdict;
 * - `switchyard_jobs_active{status,type}` counts awaiting-approval, queued and running jobs;
 * - `switchyard_job_oldest_running_seconds` is the age of the oldest running job (0 when none).
 */
import type { JobStatus, JobType } from '../../contract/jobs';
import type { IsolationVerdict } from '../../contract/isolation';
import { aggregate, scopeMatcher, series, type LabelValue } from './scope';
import type { Matcher } from './escape';

/** Tenants per isolation verdict over time (optionally for some tenants or verdicts only). */
export function isolationVerdictCounts(opts: { tenant?: LabelValue; verdict?: IsolationVerdict[] } = {}): string {
  const m: Matcher[] = [];
  if (opts.tenant !== undefined) m.push(scopeMatcher('tenant_id', opts.tenant));
  if (opts.verdict?.length) m.push(scopeMatcher('verdict', opts.verdict));
  return aggregate('sum', ['verdict'], series('switchyard_isolation_verdict', m));
}

/** Tenants with a failing check (`violation`), by check. */
export function isolationViolationsByCheck(opts: { tenant?: LabelValue } = {}): string {
  const m: Matcher[] = [];
  if (opts.tenant !== undefined) m.push(scopeMatcher('tenant_id', opts.tenant));
  m.push({ label: 'result', op: '=', value: 'violation' });
  return aggregate('count', ['check'], series('switchyard_isolation_check_result', m));
}

/** Active jobs over time, by status (default) or type; filter by status and type. */
export function activeJobs(
  opts: { by?: ReadonlyArray<'status' | 'type'>; status?: JobStatus[]; type?: JobType[] } = {}
): string {
  const m: Matcher[] = [];
  if (opts.status?.length) m.push(scopeMatcher('status', opts.status));
  if (opts.type?.length) m.push(scopeMatcher('type', opts.type));
  return aggregate('sum', opts.by ?? ['status'], series('switchyard_jobs_active', m));
}

/** Seconds the oldest running job has been running (what the stuck-job alert reads). */
export const oldestRunningJobSeconds = (): string => 'max(switchyard_job_oldest_running_seconds)';
