/**
 * Kubernetes health of each environment's platform namespace (`GET /api/v1/health/platform`), read
 * by the sidecar in the background on a bounded interval. Rules (SPEC §4):
 * - pod: Running with every container ready → healthy; Pending → pending; Failed, or a container not
 *   ready → unhealthy; Succeeded (a finished run) → healthy; anything else → unknown;
 * - deployment: every desired replica updated and ready → healthy; no ready replica while some are
 *   desired (or Available=False) → unhealthy; otherwise (rolling out, partly ready) → pending;
 * - cron job: last success within its window (default 35 minutes) → healthy; older, or runs but no
 *   success → unhealthy; never ran → unknown. The last 5 runs are listed.
 * When the Kubernetes API cannot be read the snapshot is `unknown`, never healthy.
 */
import { z } from 'zod';
import { IsoDateSchema } from './common';
import { EnvironmentSchema } from './tenants';

export const HEALTH_STATES = ['healthy', 'pending', 'unhealthy', 'unknown'] as const;
export const HealthStateSchema = z.enum(HEALTH_STATES);
export type HealthState = z.infer<typeof HealthStateSchema>;

export const PodHealthSchema = z.object({
  name: z.string(),
  phase: z.string(),
  state: HealthStateSchema,
  readyContainers: z.number().int().min(0),
  containers: z.number().int().min(0),
  restarts: z.number().int().min(0),
  /** Why it is not healthy (e.g. `CrashLoopBackOff`, `container gateway not ready`); null when healthy. */
  reason: z.string().nullable(),
  /** The owning workload (deployment for ReplicaSet pods, job name for job pods). */
  owner: z.string().nullable(),
  startedAt: IsoDateSchema.nullable(),
});
export type PodHealth = z.infer<typeof PodHealthSchema>;

export const DeploymentHealthSchema = z.object({
  name: z.string(),
  state: HealthStateSchema,
  desired: z.number().int().min(0),
  ready: z.number().int().min(0),
  updated: z.number().int().min(0),
  available: z.number().int().min(0),
  /** `app.kubernetes.io/version` label when present. */
  version: z.string().nullable(),
  reason: z.string().nullable(),
  /** The range a scale may set (annotations `switchyard.dev/min-replicas` / `max-replicas`, else 1..10). */
  minReplicas: z.number().int().min(0).default(1),
  maxReplicas: z.number().int().min(0).default(10),
});
export type DeploymentHealth = z.infer<typeof DeploymentHealthSchema>;

export const CRON_RUN_OUTCOMES = ['succeeded', 'failed', 'running'] as const;
export const CronRunSchema = z.object({
  name: z.string(),
  outcome: z.enum(CRON_RUN_OUTCOMES),
  startedAt: IsoDateSchema.nullable(),
  finishedAt: IsoDateSchema.nullable(),
  /** finishedAt − startedAt in whole seconds; null while running or when either time is missing. */
  durationSeconds: z.number().int().min(0).nullable().default(null),
  /** The exit code of the run's pod (its container's terminated state); null when no pod reports one. */
  exitCode: z.number().int().nullable().default(null),
  /** Why it failed (`BackoffLimitExceeded`, the container's terminated reason…); null when it did not. */
  reason: z.string().nullable().default(null),
});
export type CronRun = z.infer<typeof CronRunSchema>;

export const CronJobHealthSchema = z.object({
  name: z.string(),
  schedule: z.string(),
  suspended: z.boolean(),
  state: HealthStateSchema,
  lastSuccessAt: IsoDateSchema.nullable(),
  lastScheduleAt: IsoDateSchema.nullable(),
  /** The window the last success must fall in (annotation `switchyard.dev/health-window-minutes` or the default). */
  windowMinutes: z.number().int().min(1),
  reason: z.string().nullable(),
  /** The last 5 runs, newest first. */
  runs: z.array(CronRunSchema).max(5),
});
export type CronJobHealth = z.infer<typeof CronJobHealthSchema>;

/**
 * Authentication of the sidecar to the platform's Kubernetes API, from the health reads themselves:
 * the last read authenticated → healthy; the token refused (401) or not allowed (403) → unhealthy;
 * not configured, unreachable or timed out (nothing was authenticated) → unknown.
 */
export const AuthHealthSchema = z.object({
  name: z.string(),
  state: HealthStateSchema,
  reason: z.string().nullable(),
  /** When the outcome was last observed (the last read attempt). */
  checkedAt: IsoDateSchema.nullable(),
  /** When a read last authenticated successfully. */
  lastSuccessAt: IsoDateSchema.nullable(),
});
export type AuthHealth = z.infer<typeof AuthHealthSchema>;

const countsSchema = z.object({
  healthy: z.number().int().min(0),
  pending: z.number().int().min(0),
  unhealthy: z.number().int().min(0),
  unknown: z.number().int().min(0),
});
export type HealthCounts = z.infer<typeof countsSchema>;

/** At most this many pods are listed (worst first); `counts` always covers all of them. */
export const MAX_LISTED_PODS = 500;

export const PlatformHealthSchema = z.object({
  namespace: z.string(),
  /** The environment whose namespace this snapshot covers. */
  environment: EnvironmentSchema,
  /** Worst of all items: unhealthy > pending > unknown > healthy; unknown when the API could not be read or is empty. */
  state: HealthStateSchema,
  /** When the last refresh attempt finished; null before the first one. */
  checkedAt: IsoDateSchema.nullable(),
  /** When the API was last read successfully. */
  lastSuccessAt: IsoDateSchema.nullable(),
  /** Why the snapshot is unknown (`not_configured`, `unreachable`, `timeout`, `unauthorized`, `error`), with a safe message. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /**
   * True when items come from an older successful read: the last read failed (states are then
   * `unknown`) or the last successful read is older than the refresh interval allows.
   */
  stale: z.boolean(),
  /** How often the sidecar reads the namespace, in seconds (null from older sidecars). */
  refreshIntervalSeconds: z.number().int().min(1).nullable().default(null),
  counts: z.object({ pods: countsSchema, deployments: countsSchema, cronJobs: countsSchema }),
  pods: z.array(PodHealthSchema).max(MAX_LISTED_PODS),
  deployments: z.array(DeploymentHealthSchema),
  cronJobs: z.array(CronJobHealthSchema),
  /** The auth component (null from older sidecars). It does not change `state`, which covers workloads. */
  auth: AuthHealthSchema.nullable().default(null),
});
export type PlatformHealth = z.infer<typeof PlatformHealthSchema>;

/** `GET /api/v1/health/platform?environment=`: one environment only (404 outside the caller's scope). */
export const PlatformHealthQuerySchema = z.object({ environment: EnvironmentSchema.optional() });
export type PlatformHealthQuery = z.infer<typeof PlatformHealthQuerySchema>;

/**
 * Every watched environment the caller may see (the environments of their tenants, or granted whole),
 * in environment order, each with its own last check and stale mark.
 */
export const PlatformHealthOverviewSchema = z.object({ environments: z.array(PlatformHealthSchema).max(3) });
export type PlatformHealthOverview = z.infer<typeof PlatformHealthOverviewSchema>;

const SEVERITY: Record<HealthState, number> = { unhealthy: 3, pending: 2, unknown: 1, healthy: 0 };

/** Worst state first, then by name: the order every health list is shown in. */
export function compareHealth(
  a: { state: HealthState; name: string },
  b: { state: HealthState; name: string }
): number {
  return SEVERITY[b.state] - SEVERITY[a.state] || a.name.localeCompare(b.name);
}

/** The worst of some states; `unknown` for none. */
export function worstHealth(states: Iterable<HealthState>): HealthState {
  let worst: HealthState | undefined;
  for (const s of states) {
    if (worst === undefined || SEVERITY[s] > SEVERITY[worst]) worst = s;
  }
  return worst ?? 'unknown';
}
