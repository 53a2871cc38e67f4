import type { Job } from '../contract';
import { DATASOURCE_UIDS } from '../constants';
import { dashboardUrl } from './routing';

const MARGIN_MS = 5 * 60_000;

/** Grafana Explore on the logs data source with `expr`, over `[from, to]` (epoch ms or `now`). */
export function exploreLogsUrl(expr: string, range: { from: string; to: string }): string {
  const panes = {
    a: {
      datasource: DATASOURCE_UIDS.logs,
      queries: [{ refId: 'A', expr, datasource: { type: 'loki', uid: DATASOURCE_UIDS.logs } }],
      range,
    },
  };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

/**
 * For a job acting on a workload (deployment restart/scale, credentials refresh): its pods (the
 * cluster dashboard's not-ready containers of that service and environment) and their logs in
 * Explore over the job's time (the platform's log labels: `service`, and `shard` = the deployment).
 */
export function workloadLinks(job: Pick<Job, 'params' | 'environment' | 'createdAt' | 'finishedAt'>) {
  const deployment = typeof job.params.deployment === 'string' ? job.params.deployment : undefined;
  if (!deployment) {
    return null;
  }
  const service = deployment.split('-')[0];
  const range = {
    from: String(Date.parse(job.createdAt) - MARGIN_MS),
    to: job.finishedAt ? String(Date.parse(job.finishedAt) + MARGIN_MS) : 'now',
  };
  const pods = `${dashboardUrl('switchyard-cluster', { env: job.environment, service }, range)}&viewPanel=panel-2`;
  const logs = exploreLogsUrl(`{job="switchyard", service="${service}"} | json | shard="${deployment}"`, range);
  return { deployment, pods, logs };
}
