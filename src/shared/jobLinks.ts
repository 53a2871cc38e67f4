import type { JobDetail } from '../contract';
import { DATASOURCE_UIDS } from '../constants';
import { shardLogs, tenantLogs } from './queries';
import { dashboardUrl } from './routing';

const MARGIN_MS = 5 * 60_000;
/** A Kubernetes object name (what a deployment, and so a shard, is called). */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

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

type LinkedJob = Pick<JobDetail, 'params' | 'steps' | 'environment' | 'tenantId' | 'createdAt' | 'finishedAt'>;

const names = (v: unknown): string[] => {
  const list = Array.isArray(v) ? v : [v];
  return list.flatMap((x) => {
    const name = typeof x === 'object' && x !== null ? (x as { shard?: unknown }).shard : x;
    return typeof name === 'string' && K8S_NAME.test(name) ? [name] : [];
  });
};

/**
 * The deployments a job acts on, in first-seen order. The platform runs one deployment per shard,
 * named after it, so a shard is its deployment: the workload of a restart, scale or credentials
 * refresh (`deployment`), the shard of a shard job (`shardId`), a migration's target
 * (`targetShardId`) and source (its resolve step's `source`), and the shards a drain or undrain
 * resolved (its steps' `shards`). Empty when the job names none (yet).
 */
export function jobDeployments(job: Pick<JobDetail, 'params' | 'steps'>): string[] {
  const found = [
    ...names(job.params.deployment),
    ...names(job.params.shardId),
    ...names(job.params.targetShardId),
    ...job.steps.flatMap((s) => [...names(s.observed?.source), ...names(s.observed?.shards)]),
  ];
  return [...new Set(found)];
}

export interface JobLinks {
  /** The deployments the links are about (empty: the job's environment as a whole). */
  deployments: string[];
  /** The cluster dashboard's not-ready containers of those deployments' services (or of the environment). */
  pods: string;
  /** Those deployments' log lines in Explore. */
  logs?: string;
  /** The tenant's log lines in Explore (a tenant job). */
  tenantLogs?: string;
}

/**
 * Where an operator looks when a job fails: the pods it touched and their logs over the job's time
 * (the platform's log labels: `service`, and `shard` = the deployment), and for a tenant job the
 * tenant's own log lines. Null for a job that touches no workload and no tenant.
 */
export function jobLinks(job: LinkedJob): JobLinks | null {
  const deployments = jobDeployments(job);
  if (deployments.length === 0 && !job.tenantId) {
    return null;
  }
  const services = [...new Set(deployments.map((d) => d.split('-')[0] as string))];
  const range = {
    from: String(Date.parse(job.createdAt) - MARGIN_MS),
    to: job.finishedAt ? String(Date.parse(job.finishedAt) + MARGIN_MS) : 'now',
  };
  const pods = `${dashboardUrl('switchyard-cluster', { env: job.environment, service: services }, range)}&viewPanel=panel-2`;
  return {
    deployments,
    pods,
    ...(deployments.length > 0 ? { logs: exploreLogsUrl(shardLogs(deployments, { service: services }), range) } : {}),
    ...(job.tenantId ? { tenantLogs: exploreLogsUrl(tenantLogs(job.tenantId), range) } : {}),
  };
}
