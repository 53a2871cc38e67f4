/**
 * The health rules of SPEC §4 as pure functions over Kubernetes objects (see src/contract/health.ts
 * for the rules in words). No I/O: the service feeds them what the reader returned and a clock.
 */
import type { V1CronJob, V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import {
  MAX_LISTED_PODS,
  compareHealth,
  worstHealth,
  type CronJobHealth,
  type CronRun,
  type DeploymentHealth,
  type HealthCounts,
  type HealthState,
  type PlatformHealth,
  type PodHealth,
} from '../../../contract/health';
import { replicaBounds } from '../../../contract';
import type { WorkloadSnapshot } from '../../platform/kubernetesHealthReader';

export const DEFAULT_CRON_WINDOW_MINUTES = 35;
export const CRON_WINDOW_ANNOTATION = 'switchyard.dev/health-window-minutes';
const MAX_RUNS = 5;

/** Dates from client-node are `Date`s; plain JSON (tests, other clients) may give strings. */
function toDate(v: Date | string | undefined | null): Date | null {
  if (v === undefined || v === null) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function ownerOf(pod: V1Pod): string | null {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
  if (!ref) return null;
  // ReplicaSet `<deployment>-<pod-template-hash>` → the deployment (the pod carries the hash it was made from).
  if (ref.kind === 'ReplicaSet') {
    const hash = pod.metadata?.labels?.['pod-template-hash'];
    if (hash && ref.name.endsWith(`-${hash}`)) return ref.name.slice(0, -hash.length - 1);
    return ref.name.replace(/-[a-z0-9]{5,10}$/, '');
  }
  return ref.name;
}

export function podHealth(pod: V1Pod): PodHealth {
  const phase = pod.status?.phase ?? 'Unknown';
  const statuses = pod.status?.containerStatuses ?? [];
  const declared = pod.spec?.containers?.length ?? statuses.length;
  const containers = Math.max(declared, statuses.length);
  const readyContainers = statuses.filter((c) => c.ready).length;
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const notReady = statuses.find((c) => !c.ready);
  let state: HealthState;
  let reason: string | null = null;
  if (phase === 'Running') {
    if (notReady || readyContainers < containers) {
      state = 'unhealthy';
      const waiting = notReady?.state?.waiting?.reason ?? notReady?.state?.terminated?.reason;
      reason = waiting ?? `container ${notReady?.name ?? '?'} not ready`;
    } else {
      state = 'healthy';
    }
  } else if (phase === 'Pending') {
    state = 'pending';
    reason = pod.status?.conditions?.find((c) => c.status === 'False' && c.reason)?.reason ?? 'Pending';
  } else if (phase === 'Failed') {
    state = 'unhealthy';
    reason = pod.status?.reason ?? 'Failed';
  } else if (phase === 'Succeeded') {
    state = 'healthy';
  } else {
    state = 'unknown';
    reason = `phase ${phase}`;
  }
  return {
    name: pod.metadata?.name ?? '',
    phase,
    state,
    readyContainers,
    containers,
    restarts,
    reason,
    owner: ownerOf(pod),
    startedAt: iso(toDate(pod.status?.startTime)),
  };
}

/**
 * A deployment is healthy only when its pods are: the ready count is the smaller of the deployment's
 * own status and the pods of it that are ready now (a status can lag behind pods that just started
 * crash-looping). `pods` are the namespace's pods as podHealth sees them; pods of other workloads are
 * ignored, and without any pod of this deployment the status alone decides.
 */
function readyFromPods(name: string, statusReady: number, pods: readonly PodHealth[]) {
  const own = pods.filter((p) => p.owner === name && p.phase !== 'Succeeded');
  const readyPods = own.filter((p) => p.state === 'healthy').length;
  const sick = own.find((p) => p.state !== 'healthy');
  return {
    ready: own.length > 0 ? Math.min(statusReady, readyPods) : statusReady,
    podsReason: sick ? ` (pod ${sick.name}: ${sick.reason ?? sick.state})` : '',
  };
}

function bounds(d: V1Deployment): { minReplicas: number; maxReplicas: number } {
  const { min, max } = replicaBounds(d.metadata?.annotations);
  return { minReplicas: min, maxReplicas: max };
}

export function deploymentHealth(d: V1Deployment, pods: readonly PodHealth[] = []): DeploymentHealth {
  const name = d.metadata?.name ?? '';
  const desired = d.spec?.replicas ?? 1;
  const statusReady = d.status?.readyReplicas ?? 0;
  const { ready, podsReason } = readyFromPods(name, statusReady, pods);
  const updated = d.status?.updatedReplicas ?? 0;
  const available = Math.min(d.status?.availableReplicas ?? 0, ready);
  const conditions = d.status?.conditions ?? [];
  const availableFalse = conditions.find((c) => c.type === 'Available' && c.status === 'False');
  const stalled = conditions.find((c) => c.type === 'Progressing' && c.status === 'False');
  const observed = (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  let state: HealthState;
  let reason: string | null = null;
  if (desired === 0) {
    state = 'healthy';
  } else if (ready === 0 || availableFalse || stalled) {
    state = 'unhealthy';
    reason =
      stalled?.reason ??
      (ready === 0 ? `0/${desired} replicas ready${podsReason}` : (availableFalse?.reason ?? 'unavailable'));
  } else if (ready >= desired && updated >= desired && observed) {
    state = 'healthy';
  } else if (ready < statusReady) {
    state = 'unhealthy';
    reason = `${ready}/${desired} pods ready${podsReason}`;
  } else {
    state = 'pending';
    reason = `rolling out: ${updated}/${desired} updated, ${ready}/${desired} ready`;
  }
  return {
    name,
    state,
    desired,
    ready,
    updated,
    available,
    version: d.metadata?.labels?.['app.kubernetes.io/version'] ?? null,
    reason,
    ...bounds(d),
  };
}

function outcomeOf(s: NonNullable<V1Job['status']>): CronRun['outcome'] {
  const cond = (type: string) => s.conditions?.some((c) => c.type === type && c.status === 'True');
  if ((s.succeeded ?? 0) > 0 || cond('Complete')) return 'succeeded';
  if ((s.failed ?? 0) > 0 || cond('Failed')) return 'failed';
  return 'running';
}

/** The pods a job ran (label `batch.kubernetes.io/job-name`, or the controller reference to the Job). */
function podsOfJob(job: V1Job, pods: readonly V1Pod[]): V1Pod[] {
  const name = job.metadata?.name;
  const uid = job.metadata?.uid;
  if (!name) return [];
  return pods.filter(
    (p) =>
      p.metadata?.labels?.['batch.kubernetes.io/job-name'] === name ||
      (p.metadata?.ownerReferences ?? []).some((r) => r.kind === 'Job' && (uid ? r.uid === uid : r.name === name))
  );
}

/**
 * The exit code of a run: of its pods' terminated containers, the newest pod's, a non-zero code
 * first (the container that made the run fail). Null when no container has terminated.
 */
function exitOf(pods: readonly V1Pod[]): { exitCode: number; reason: string | null } | null {
  const newestFirst = [...pods].sort(
    (a, b) => (toDate(b.status?.startTime)?.getTime() ?? 0) - (toDate(a.status?.startTime)?.getTime() ?? 0)
  );
  for (const pod of newestFirst) {
    const terminated = (pod.status?.containerStatuses ?? [])
      .map((c) => c.state?.terminated)
      .filter((t): t is NonNullable<typeof t> => t !== undefined && typeof t.exitCode === 'number');
    if (terminated.length === 0) continue;
    const t = terminated.find((x) => x.exitCode !== 0) ?? terminated[0];
    return { exitCode: t.exitCode, reason: t.reason ?? null };
  }
  return null;
}

function runOf(job: V1Job, pods: readonly V1Pod[]): CronRun & { sortKey: number } {
  const s = job.status ?? {};
  const outcome = outcomeOf(s);
  const started = toDate(s.startTime) ?? toDate(job.metadata?.creationTimestamp);
  const failedCond = s.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  const failedAt = toDate(failedCond?.lastTransitionTime);
  const finished =
    outcome === 'succeeded' ? (toDate(s.completionTime) ?? failedAt) : outcome === 'failed' ? failedAt : null;
  const exit = exitOf(podsOfJob(job, pods));
  const durationSeconds =
    started && finished && finished.getTime() >= started.getTime()
      ? Math.round((finished.getTime() - started.getTime()) / 1000)
      : null;
  const reason =
    outcome === 'failed'
      ? (failedCond?.reason ?? exit?.reason ?? 'Failed')
      : exit && exit.exitCode !== 0
        ? exit.reason
        : null;
  return {
    name: job.metadata?.name ?? '',
    outcome,
    startedAt: iso(started),
    finishedAt: iso(finished),
    durationSeconds,
    exitCode: exit?.exitCode ?? null,
    reason,
    sortKey: started?.getTime() ?? 0,
  };
}

function windowOf(cj: V1CronJob, fallback: number): number {
  const raw = cj.metadata?.annotations?.[CRON_WINDOW_ANNOTATION];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_080 ? n : fallback;
}

function ago(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 120 ? `${min} min` : `${Math.round(min / 60)} h`;
}

/** `jobs` may hold every job of the namespace; only those owned by this cron job count. */
export function cronJobHealth(
  cj: V1CronJob,
  jobs: V1Job[],
  now: Date,
  defaultWindowMinutes = DEFAULT_CRON_WINDOW_MINUTES,
  /** The namespace's pods: a run's exit code comes from its pod's terminated container. */
  pods: readonly V1Pod[] = []
): CronJobHealth {
  const name = cj.metadata?.name ?? '';
  const uid = cj.metadata?.uid;
  const owned = jobs.filter((j) =>
    (j.metadata?.ownerReferences ?? []).some((r) => r.kind === 'CronJob' && (uid ? r.uid === uid : r.name === name))
  );
  const runs = owned.map((j) => runOf(j, pods)).sort((a, b) => b.sortKey - a.sortKey);
  const windowMinutes = windowOf(cj, defaultWindowMinutes);
  const lastFromRuns = runs
    .filter((r) => r.outcome === 'succeeded' && r.finishedAt)
    .map((r) => new Date(r.finishedAt as string));
  const candidates = [toDate(cj.status?.lastSuccessfulTime), ...lastFromRuns].filter((d): d is Date => d !== null);
  const lastSuccess = candidates.length ? new Date(Math.max(...candidates.map((d) => d.getTime()))) : null;
  const suspended = cj.spec?.suspend === true;
  let state: HealthState;
  let reason: string | null = null;
  if (lastSuccess) {
    const age = now.getTime() - lastSuccess.getTime();
    if (age <= windowMinutes * 60_000) {
      state = 'healthy';
    } else {
      state = 'unhealthy';
      reason = `last success ${ago(age)} ago (window ${windowMinutes} min)`;
    }
  } else if (runs.some((r) => r.outcome === 'failed')) {
    state = 'unhealthy';
    reason = 'no successful run';
  } else {
    state = 'unknown';
    reason = runs.length ? 'no finished run yet' : 'no runs recorded';
  }
  if (suspended && reason) reason = `${reason}; suspended`;
  return {
    name,
    schedule: cj.spec?.schedule ?? '',
    suspended,
    state,
    lastSuccessAt: iso(lastSuccess),
    lastScheduleAt: iso(toDate(cj.status?.lastScheduleTime)),
    windowMinutes,
    reason,
    runs: runs.slice(0, MAX_RUNS).map(({ sortKey: _k, ...r }) => r),
  };
}

export function countStates(items: Array<{ state: HealthState }>): HealthCounts {
  const counts: HealthCounts = { healthy: 0, pending: 0, unhealthy: 0, unknown: 0 };
  for (const i of items) counts[i.state] += 1;
  return counts;
}

export type HealthBody = Pick<PlatformHealth, 'state' | 'counts' | 'pods' | 'deployments' | 'cronJobs'>;

/** Applies every rule to one read of the namespace. An empty namespace is `unknown`, never healthy. */
export function evaluate(
  snapshot: WorkloadSnapshot,
  now: Date,
  cronWindowMinutes = DEFAULT_CRON_WINDOW_MINUTES
): HealthBody {
  const pods = snapshot.pods.map(podHealth).sort(compareHealth);
  const deployments = snapshot.deployments.map((d) => deploymentHealth(d, pods)).sort(compareHealth);
  const cronJobs = snapshot.cronJobs
    .map((c) => cronJobHealth(c, snapshot.jobs, now, cronWindowMinutes, snapshot.pods))
    .sort(compareHealth);
  const all = [...pods, ...deployments, ...cronJobs];
  return {
    state: worstHealth(all.map((i) => i.state)),
    counts: { pods: countStates(pods), deployments: countStates(deployments), cronJobs: countStates(cronJobs) },
    pods: pods.slice(0, MAX_LISTED_PODS),
    deployments,
    cronJobs,
  };
}

/** The last good body with every state turned `unknown` (shown when the API cannot be read now). */
export function staleBody(body: HealthBody): HealthBody {
  const unknown = <T extends { state: HealthState }>(i: T): T => ({ ...i, state: 'unknown' });
  const pods = body.pods.map(unknown);
  const deployments = body.deployments.map(unknown);
  const cronJobs = body.cronJobs.map(unknown);
  return {
    state: 'unknown',
    counts: { pods: countStates(pods), deployments: countStates(deployments), cronJobs: countStates(cronJobs) },
    pods,
    deployments,
    cronJobs,
  };
}
