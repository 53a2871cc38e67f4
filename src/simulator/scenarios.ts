import { z } from 'zod';

/**
 * Scenario knobs. Settable at start (env SIM_SCENARIOS as JSON, or the shorthand flags/env
 * parsed in config.ts) and at runtime with `POST /sim/scenarios` (partial: given keys replace
 * the current value) or `DELETE /sim/scenarios` (back to the start-up scenarios).
 */
export const ISOLATION_PROBLEMS = [
  'naming_mismatch',
  'shared_connection',
  'privilege_violation',
  'schema_misalignment',
  'credential_missing',
] as const;
export type IsolationProblem = (typeof ISOLATION_PROBLEMS)[number];

const factor = z.number().positive().max(1000);

export const ScenariosSchema = z.object({
  /** Multiply a tenant's request rate (and its in-flight work) by `factor`. */
  noisyTenants: z.array(z.object({ tenantId: z.string(), factor: factor.default(25) })).default([]),
  /** Share of 5xx responses, for one tenant or for every tenant of a service kind (or all). */
  errorBursts: z
    .array(z.object({ tenantId: z.string().optional(), ratio: z.number().min(0).max(1).default(0.4) }))
    .default([]),
  /** Latency multiplier for every request served by a shard. */
  slowShards: z.array(z.object({ shard: z.string(), factor: factor.default(8) })).default([]),
  /** The shard's projection consumer stops keeping up: pending messages grow by `perSecond`. */
  laggingConsumers: z.array(z.object({ shard: z.string(), perSecond: z.number().min(1).default(400) })).default([]),
  /** Pods of these deployments crash-loop (restart counters climb, containers not ready). */
  crashLoops: z.array(z.object({ deployment: z.string(), namespace: z.string().optional() })).default([]),
  /** Cron jobs whose runs fail (lastSuccessfulTime stops advancing). */
  failingCronJobs: z.array(z.object({ name: z.string(), namespace: z.string().optional() })).default([]),
  /** Runner outbox grows on these shards (effects stall). */
  outboxBacklogs: z.array(z.object({ shard: z.string(), perSecond: z.number().min(1).default(100) })).default([]),
  /** Disk usage of a shard's volume jumps to `usedRatio`. */
  diskPressure: z.array(z.object({ shard: z.string(), usedRatio: z.number().min(0).max(1).default(0.97) })).default([]),
  /** Draining these tenants never converges: their in-flight commands stay above zero. */
  stuckDrains: z.array(z.string()).default([]),
  /** `POST /nodes/<shard>/reload` on these shards answers 503 and applies nothing (placement rollback tests). */
  failingReloads: z.array(z.string()).default([]),
  /** Authentication failures per second for a tenant (login/session anomaly). */
  authFailureBursts: z.array(z.object({ tenantId: z.string(), perSecond: z.number().min(0).default(20) })).default([]),
  /** Extra isolation problems by tenant id, on top of the seeded ones (`clean` removes seeded ones). */
  isolation: z.record(z.string(), z.enum([...ISOLATION_PROBLEMS, 'clean'])).default({}),
  /** Delay of every platform API (isolation) response in ms; `hang` makes it never answer. */
  platformApiDelayMs: z.number().int().min(0).max(600_000).default(0),
  platformApiHang: z.boolean().default(false),
  /** The next N Kubernetes writes (deployments, scale, secrets) answer 409 Conflict (optimistic-concurrency failure). */
  k8sConflicts: z.number().int().min(0).max(10_000).default(0),
  /** Delay of node admin API (`/nodes/...`) responses in ms, for the next `nodeAdminDelayCount` requests (0 = every request). */
  nodeAdminDelayMs: z.number().int().min(0).max(600_000).default(0),
  nodeAdminDelayCount: z.number().int().min(0).max(10_000).default(0),
  /** Delay of every Kubernetes API response in ms (slow API server). */
  k8sDelayMs: z.number().int().min(0).max(600_000).default(0),
});
export type Scenarios = z.infer<typeof ScenariosSchema>;
export const ScenariosPatchSchema = ScenariosSchema.partial();
export type ScenariosPatch = z.infer<typeof ScenariosPatchSchema>;

export const defaultScenarios = (): Scenarios => ScenariosSchema.parse({});

/** Holds the current knobs; tests flip them through the admin API. */
export class ScenarioState {
  private current: Scenarios;
  constructor(private readonly initial: Scenarios) {
    this.current = structuredClone(initial);
  }
  get(): Scenarios {
    return this.current;
  }
  patch(p: ScenariosPatch): Scenarios {
    this.current = ScenariosSchema.parse({ ...this.current, ...p });
    return this.current;
  }
  reset(): Scenarios {
    this.current = structuredClone(this.initial);
    return this.current;
  }
  noisyFactor(tenantId: string): number {
    return this.current.noisyTenants.filter((n) => n.tenantId === tenantId).reduce((f, n) => f * n.factor, 1);
  }
  errorRatio(tenantId: string): number {
    let r = 0;
    for (const b of this.current.errorBursts) {
      if (!b.tenantId || b.tenantId === tenantId) {
        r = Math.max(r, b.ratio);
      }
    }
    return r;
  }
  slowFactor(shard: string): number {
    return this.current.slowShards.filter((s) => s.shard === shard).reduce((f, s) => f * s.factor, 1);
  }
  isCrashLooping(namespace: string, deployment: string): boolean {
    return this.current.crashLoops.some(
      (c) => c.deployment === deployment && (!c.namespace || c.namespace === namespace)
    );
  }
  /** Consumes one injected Kubernetes conflict; true when this write must answer 409. */
  takeK8sConflict(): boolean {
    if (this.current.k8sConflicts <= 0) return false;
    this.current.k8sConflicts -= 1;
    return true;
  }
  /** Delay for the next node admin request (consumes one of `nodeAdminDelayCount` when limited). */
  takeNodeAdminDelay(): number {
    const c = this.current;
    if (c.nodeAdminDelayMs <= 0) return 0;
    if (c.nodeAdminDelayCount > 0) {
      c.nodeAdminDelayCount -= 1;
      if (c.nodeAdminDelayCount === 0) c.nodeAdminDelayMs = 0;
    }
    return c.nodeAdminDelayMs;
  }
  isCronFailing(namespace: string, name: string): boolean {
    return this.current.failingCronJobs.some((c) => c.name === name && (!c.namespace || c.namespace === namespace));
  }
}
