/**
 * Deployments: the version matrix, history and live status of rollouts, their control (pause,
 * resume, abort: flags the running job acts on at its next checkpoint), the registry's image
 * versions and deploy freezes. Every change is audited in its transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  ErrorCode,
  type CreateFreeze,
  type Deployment,
  type Freeze,
  type Job,
  type ServiceKind,
  type VersionMatrix,
} from '../../../contract';
import { activeFreezes } from '../../../changes';
import { decodeCursor, encodeCursor, queryFingerprint } from '../../kernel/cursor';
import type { Db } from '../../kernel/database/schema';
import { DomainError, notFound, validationFailed } from '../../kernel/errors';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import type { JobLifecycleListener } from '../../jobs/jobLifecycle';
import { readVersionMatrix, type DeploymentsPlatform } from './deployments.platform';
import {
  getFreeze,
  getRecord,
  insertFreeze,
  liftFreeze,
  listFreezes,
  listRecords,
  toDeployment,
  updateDeployment,
  type DeploymentRecord,
} from './deployments.store';

const CursorSchema = z.object({ a: z.number().int(), c: z.string().max(40), id: z.string().max(64), f: z.string() });
/** Freezes that ended within this window are still listed (history beside the ones in force). */
const FREEZE_HISTORY_MS = 7 * 86_400_000;
const MAX_FREEZE_MS = 90 * 86_400_000;

export interface ListDeploymentsInput {
  limit: number;
  cursor?: string;
  kind?: string;
  environment?: string;
  status?: string;
}

export class DeploymentsService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly platform: DeploymentsPlatform,
    private readonly logger: Logger
  ) {}

  matrix(): Promise<VersionMatrix> {
    return readVersionMatrix(this.platform);
  }

  async list(q: ListDeploymentsInput): Promise<{ items: Deployment[]; nextCursor: string | null; prevCursor: null }> {
    const filters = { kind: q.kind, environment: q.environment, status: q.status };
    const f = queryFingerprint(filters);
    const after = q.cursor ? decodeCursor(q.cursor, CursorSchema, f) : undefined;
    const rows = await listRecords(this.db, filters, { after, limit: q.limit + 1 });
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toDeployment),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor({ a: last.finishedAt === null ? 1 : 0, c: last.createdAt, id: last.id, f })
          : null,
      prevCursor: null,
    };
  }

  async get(id: string): Promise<Deployment> {
    const r = await getRecord(this.db, id);
    if (!r) throw notFound('Deployment', id);
    return toDeployment(r);
  }

  pause(ctx: MutationContext, id: string, reason: string): Promise<Deployment> {
    return this.control(ctx, id, reason, 'pause', (r) => {
      if (r.pauseRequested) return null;
      return { pauseRequested: true };
    });
  }

  resume(ctx: MutationContext, id: string, reason: string): Promise<Deployment> {
    return this.control(ctx, id, reason, 'resume', (r) => {
      if (!r.pauseRequested) return null;
      return { pauseRequested: false };
    });
  }

  abort(ctx: MutationContext, id: string, reason: string): Promise<Deployment> {
    return this.control(ctx, id, reason, 'abort', (r) => {
      if (r.abortRequested) return null;
      return { abortRequested: true, abortReason: `${reason} (${ctx.actor.login})` };
    });
  }

  private control(
    ctx: MutationContext,
    id: string,
    reason: string,
    verb: 'pause' | 'resume' | 'abort',
    change: (r: DeploymentRecord) => Parameters<typeof updateDeployment>[2] | null
  ): Promise<Deployment> {
    return this.mutations.run({ ...ctx, jobId: id }, async (trx, { now, audit }) => {
      const r = await getRecord(trx, id);
      if (!r) throw notFound('Deployment', id);
      if (r.finishedAt !== null)
        throw new DomainError(
          ErrorCode.illegalTransition,
          `Deployment ${id} already ended (${r.status}); it cannot ${verb}`,
          {
            details: { status: r.status },
          }
        );
      const patch = change(r);
      if (patch) {
        await updateDeployment(trx, id, patch, now.toISOString());
        await audit({
          action: `deployment.${verb}`,
          targetType: 'deployment',
          targetId: id,
          reason,
          outcome: 'success',
          details: { status: r.status, step: r.currentStep, kind: r.kind, environment: r.environment },
        });
      }
      return toDeployment((await getRecord(trx, id)) as DeploymentRecord);
    });
  }

  async imageTags(kind: ServiceKind): Promise<{ kind: ServiceKind; repository: string; tags: string[] }> {
    const { repository, tags } = await this.platform.registry.tags(kind);
    return { kind, repository, tags };
  }

  async freezes(): Promise<{ items: Freeze[] }> {
    const since = new Date(this.platform.clock.now().getTime() - FREEZE_HISTORY_MS).toISOString();
    return { items: await listFreezes(this.db, since) };
  }

  createFreeze(ctx: MutationContext, body: CreateFreeze): Promise<Freeze> {
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const expires = new Date(body.expiresAt);
      if (expires.getTime() <= now.getTime())
        throw validationFailed('expiresAt', `expiresAt must be in the future (now is ${now.toISOString()})`);
      if (expires.getTime() - now.getTime() > MAX_FREEZE_MS)
        throw validationFailed('expiresAt', 'A freeze lasts at most 90 days; choose an earlier expiresAt');
      const freeze: Freeze = {
        id: randomUUID(),
        scope: body.scope,
        reason: body.reason,
        createdBy: ctx.actor.login,
        createdAt: now.toISOString(),
        expiresAt: expires.toISOString(),
        liftedAt: null,
      };
      await insertFreeze(trx, freeze);
      await audit({
        action: 'deploy_freeze.create',
        targetType: 'deploy_freeze',
        targetId: freeze.id,
        reason: body.reason,
        outcome: 'success',
        details: { scope: freeze.scope, expiresAt: freeze.expiresAt },
      });
      return freeze;
    });
  }

  liftFreeze(ctx: MutationContext, id: string, reason: string): Promise<Freeze> {
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const f = await getFreeze(trx, id);
      if (!f) throw notFound('Freeze', id);
      const inForce = activeFreezes([f], f.scope === 'global' ? 'prod' : f.scope, now).length > 0;
      if (!inForce)
        throw new DomainError(ErrorCode.illegalTransition, `Freeze ${id} is no longer in force (expired or lifted)`, {
          details: { expiresAt: f.expiresAt, liftedAt: f.liftedAt },
        });
      await liftFreeze(trx, id, now.toISOString());
      await audit({
        action: 'deploy_freeze.lift',
        targetType: 'deploy_freeze',
        targetId: id,
        reason,
        outcome: 'success',
        details: { scope: f.scope, expiresAt: f.expiresAt },
      });
      return (await getFreeze(trx, id)) as Freeze;
    });
  }

  /**
   * Hears the end of rollout jobs: a deployment whose job ended without a decided outcome (a
   * failed step, a cancellation before anything ran) is closed as `failed` with the job's error.
   */
  readonly listener: JobLifecycleListener = {
    jobStarted: () => undefined,
    jobFinished: (job: Job) => {
      if (job.type !== 'deployment.rollout') return;
      const reason = job.error ? `${job.error.message} (${job.error.code})` : `The job ended ${job.status}`;
      const status = job.status === 'cancelled' ? 'aborted' : job.status === 'succeeded' ? null : 'failed';
      if (!status) return;
      updateDeployment(
        this.db,
        job.id,
        { status, outcomeReason: reason },
        this.platform.clock.now().toISOString()
      ).catch((err: Error) => this.logger.warn({ err: err.message, jobId: job.id }, 'closing the deployment failed'));
    },
  };
}
