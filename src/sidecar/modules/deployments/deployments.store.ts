/**
 * Deployments persistence: rollouts (plan, progress, control flags, outcome), the gate evaluation of
 * each canary step (keyed by step, so a replayed step never records twice), and deploy freezes.
 */
import type {
  DeployStep,
  DeployStrategy,
  Deployment,
  DeploymentStatus,
  Freeze,
  GateEvaluation,
  TrafficSample,
} from '../../../contract';
import { TERMINAL_DEPLOYMENT_STATUSES } from '../../../contract';
import type { DeploymentsTable, DeployFreezesTable, Executor } from '../../kernel/database/schema';

/** What ran on one target shard before the deploy (restored by a rollback). */
export interface ShardBefore {
  shardId: string;
  deployment: string;
  version: string;
  image: string;
  replicas: number;
  revision: number;
}

export interface DeploymentRecord extends Deployment {
  fromState: ShardBefore[];
  baseline: TrafficSample | null;
  pauseRequested: boolean;
  abortRequested: boolean;
  abortReason: string | null;
}

const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

export function rowToRecord(r: DeploymentsTable, gates: GateEvaluation[]): DeploymentRecord {
  return {
    id: r.id,
    jobId: r.job_id,
    kind: r.kind as Deployment['kind'],
    environment: r.environment as Deployment['environment'],
    shards: json<string[]>(r.shards) ?? [],
    fromVersion: r.from_version,
    toVersion: r.to_version,
    strategy: json<DeployStrategy>(r.strategy) as DeployStrategy,
    status: r.status as DeploymentStatus,
    steps: json<DeployStep[]>(r.steps) ?? [],
    currentStep: Number(r.current_step),
    gates,
    outcomeReason: r.outcome_reason,
    requestedBy: r.requested_by,
    reason: r.reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    fromState: json<ShardBefore[]>(r.from_state) ?? [],
    baseline: json<TrafficSample>(r.baseline),
    pauseRequested: Number(r.pause_requested) === 1,
    abortRequested: Number(r.abort_requested) === 1,
    abortReason: r.abort_reason,
  };
}

/** The public shape (no internal control fields). */
export function toDeployment(r: DeploymentRecord): Deployment {
  return {
    id: r.id,
    jobId: r.jobId,
    kind: r.kind,
    environment: r.environment,
    shards: r.shards,
    fromVersion: r.fromVersion,
    toVersion: r.toVersion,
    strategy: r.strategy,
    status: r.status,
    steps: r.steps,
    currentStep: r.currentStep,
    gates: r.gates,
    outcomeReason: r.outcomeReason,
    requestedBy: r.requestedBy,
    reason: r.reason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    finishedAt: r.finishedAt,
  };
}

async function gatesOf(ex: Executor, ids: string[]): Promise<Map<string, GateEvaluation[]>> {
  const out = new Map<string, GateEvaluation[]>();
  if (ids.length === 0) return out;
  const rows = await ex
    .selectFrom('deployment_rollouts')
    .selectAll()
    .where('deployment_id', 'in', ids)
    .orderBy('step_index')
    .execute();
  for (const r of rows) {
    const list = out.get(r.deployment_id) ?? [];
    list.push(JSON.parse(r.evaluation) as GateEvaluation);
    out.set(r.deployment_id, list);
  }
  return out;
}

export async function getRecord(ex: Executor, id: string): Promise<DeploymentRecord | null> {
  const row = await ex.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return rowToRecord(row, (await gatesOf(ex, [id])).get(id) ?? []);
}

export interface NewDeployment {
  id: string;
  jobId: string;
  kind: string;
  environment: string;
  shards: string[];
  fromVersion: string;
  fromState: ShardBefore[];
  toVersion: string;
  strategy: DeployStrategy;
  steps: DeployStep[];
  requestedBy: string;
  reason: string;
  now: string;
}

/** Inserts the deployment unless it exists (a replayed first step keeps the first record). */
export async function insertDeploymentOnce(ex: Executor, d: NewDeployment): Promise<boolean> {
  const r = await ex
    .insertInto('deployments')
    .values({
      id: d.id,
      job_id: d.jobId,
      kind: d.kind,
      environment: d.environment,
      shards: JSON.stringify(d.shards),
      from_version: d.fromVersion,
      from_state: JSON.stringify(d.fromState),
      to_version: d.toVersion,
      strategy: JSON.stringify(d.strategy),
      status: 'preflight',
      active: 1,
      steps: JSON.stringify(d.steps),
      current_step: 0,
      baseline: null,
      outcome_reason: null,
      pause_requested: 0,
      abort_requested: 0,
      abort_reason: null,
      requested_by: d.requestedBy,
      reason: d.reason,
      created_at: d.now,
      updated_at: d.now,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface ProgressPatch {
  status?: DeploymentStatus;
  currentStep?: number;
  baseline?: TrafficSample;
  outcomeReason?: string | null;
  pauseRequested?: boolean;
  abortRequested?: boolean;
  abortReason?: string | null;
}

/** Updates a deployment that is still active (a terminal deployment never changes again). */
export async function updateDeployment(ex: Executor, id: string, p: ProgressPatch, now: string): Promise<boolean> {
  const terminal = p.status !== undefined && TERMINAL_DEPLOYMENT_STATUSES.includes(p.status);
  const r = await ex
    .updateTable('deployments')
    .set({
      updated_at: now,
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(terminal ? { active: 0, finished_at: now } : {}),
      ...(p.currentStep !== undefined ? { current_step: p.currentStep } : {}),
      ...(p.baseline !== undefined ? { baseline: JSON.stringify(p.baseline) } : {}),
      ...(p.outcomeReason !== undefined ? { outcome_reason: p.outcomeReason } : {}),
      ...(p.pauseRequested !== undefined ? { pause_requested: p.pauseRequested ? 1 : 0 } : {}),
      ...(p.abortRequested !== undefined ? { abort_requested: p.abortRequested ? 1 : 0 } : {}),
      ...(p.abortReason !== undefined ? { abort_reason: p.abortReason } : {}),
    })
    .where('id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records the gate of a step once; a replay finds the first evaluation and returns it. */
export async function recordGateOnce(ex: Executor, id: string, g: GateEvaluation): Promise<GateEvaluation> {
  await ex
    .insertInto('deployment_rollouts')
    .values({
      deployment_id: id,
      step_index: g.stepIndex,
      passed: g.passed ? 1 : 0,
      evaluation: JSON.stringify(g),
      evaluated_at: g.evaluatedAt,
    })
    .onConflict((oc) => oc.columns(['deployment_id', 'step_index']).doNothing())
    .execute();
  const row = await ex
    .selectFrom('deployment_rollouts')
    .select('evaluation')
    .where('deployment_id', '=', id)
    .where('step_index', '=', g.stepIndex)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.evaluation) as GateEvaluation;
}

export async function gateOf(ex: Executor, id: string, stepIndex: number): Promise<GateEvaluation | null> {
  const row = await ex
    .selectFrom('deployment_rollouts')
    .select('evaluation')
    .where('deployment_id', '=', id)
    .where('step_index', '=', stepIndex)
    .executeTakeFirst();
  return row ? (JSON.parse(row.evaluation) as GateEvaluation) : null;
}

export interface DeploymentFilters {
  kind?: string;
  environment?: string;
  status?: string;
}

export interface DeploymentCursor {
  a: number;
  c: string;
  id: string;
}

/** Active first, then newest first, by (active, created_at, id) descending. */
export async function listRecords(
  ex: Executor,
  f: DeploymentFilters,
  page: { after?: DeploymentCursor; limit: number }
): Promise<DeploymentRecord[]> {
  let q = ex.selectFrom('deployments').selectAll();
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.environment) q = q.where('environment', '=', f.environment);
  if (f.status) q = q.where('status', '=', f.status);
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('active', '<', after.a),
        eb.and([eb('active', '=', after.a), eb('created_at', '<', after.c)]),
        eb.and([eb('active', '=', after.a), eb('created_at', '=', after.c), eb('id', '<', after.id)]),
      ])
    );
  }
  const rows = await q
    .orderBy('active', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
  const gates = await gatesOf(
    ex,
    rows.map((r) => r.id)
  );
  return rows.map((r) => rowToRecord(r, gates.get(r.id) ?? []));
}

/** Active deployments (preflight's no-concurrent-deploy check). */
export async function activeDeployments(
  ex: Executor
): Promise<Array<{ id: string; kind: string; environment: Deployment['environment'] }>> {
  const rows = await ex
    .selectFrom('deployments')
    .select(['id', 'kind', 'environment'])
    .where('active', '=', 1)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, environment: r.environment as Deployment['environment'] }));
}

// ---- freezes ------------------------------------------------------------------------------------

export function rowToFreeze(r: DeployFreezesTable): Freeze {
  return {
    id: r.id,
    scope: r.scope as Freeze['scope'],
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    liftedAt: r.lifted_at,
  };
}

export async function insertFreeze(ex: Executor, f: Freeze): Promise<void> {
  await ex
    .insertInto('deploy_freezes')
    .values({
      id: f.id,
      scope: f.scope,
      reason: f.reason,
      created_by: f.createdBy,
      created_at: f.createdAt,
      expires_at: f.expiresAt,
      lifted_at: f.liftedAt,
    })
    .execute();
}

export async function getFreeze(ex: Executor, id: string): Promise<Freeze | null> {
  const r = await ex.selectFrom('deploy_freezes').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToFreeze(r) : null;
}

export async function liftFreeze(ex: Executor, id: string, at: string): Promise<void> {
  await ex.updateTable('deploy_freezes').set({ lifted_at: at }).where('id', '=', id).execute();
}

/** Freezes that expire after `since` (in force now, or expired/lifted recently), newest expiry first. */
export async function listFreezes(ex: Executor, since: string, limit = 200): Promise<Freeze[]> {
  const rows = await ex
    .selectFrom('deploy_freezes')
    .selectAll()
    .where('expires_at', '>', since)
    .orderBy('expires_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(rowToFreeze);
}
