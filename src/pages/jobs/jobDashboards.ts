import { CONTROL_PLANE_DASHBOARD, SHARD_DASHBOARDS, TENANT_DASHBOARDS } from '../../constants';
import type { JobDetail } from '../../contract';
import { dashboardUrl } from '../../shared/routing';
import { jobWindow } from './jobTraffic';

export interface DashboardLink {
  uid: string;
  title: string;
  href: string;
}

/**
 * The provisioned dashboards for a job's target, with its variable set and the job window as the
 * range: a tenant job → the tenant dashboards (`var-tenant`), a shard job → the shard dashboards
 * (`var-shard`), anything else → the control-plane dashboard (`var-environment`).
 */
export function jobDashboardLinks(
  job: Pick<JobDetail, 'tenantId' | 'environment' | 'params' | 'createdAt' | 'startedAt' | 'finishedAt'>,
  nowMs: number
): DashboardLink[] {
  const range = jobWindow(job, nowMs);
  const shardId = typeof job.params.shardId === 'string' && job.params.shardId ? job.params.shardId : undefined;
  const [list, vars]: [ReadonlyArray<{ uid: string; title: string }>, Record<string, string>] = job.tenantId
    ? [TENANT_DASHBOARDS, { tenant: job.tenantId }]
    : shardId
      ? [SHARD_DASHBOARDS, { shard: shardId }]
      : [[CONTROL_PLANE_DASHBOARD], { environment: job.environment }];
  return list.map((d) => ({ uid: d.uid, title: d.title, href: dashboardUrl(d.uid, vars, range) }));
}
