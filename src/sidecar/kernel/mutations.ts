/**
 * The one way to change state: runs the change, its audit entries and (when the request carried an
 * Idempotency-Key) the stored response in ONE transaction, then writes the committed audit entries
 * to the `audit` log. Failures that reach a service are audited separately with outcome failure/denied.
 */
import type { Logger } from 'pino';
import type { AuditEntry } from '../../contract';
import { appendEntry, type AuditInput } from './audit/auditChain';
import type { Db, Executor } from './database/schema';
import { type Clock } from './clock';

export interface Actor {
  login: string;
  orgId: number;
  role?: string;
}

/** Stores the response of an idempotent request inside the mutation's transaction. */
export interface IdempotencyHandle {
  completeIn(ex: Executor, body: unknown): Promise<void>;
}

export interface MutationContext {
  actor: Actor;
  requestId: string;
  jobId?: string | null;
  idempotency?: IdempotencyHandle;
}

export type AuditDraft = Omit<AuditInput, 'actor' | 'requestId' | 'jobId'>;

export interface MutationTools {
  now: Date;
  audit(draft: AuditDraft): Promise<AuditEntry>;
}

export class Mutations {
  constructor(
    private readonly db: Db,
    private readonly auditLog: Logger,
    private readonly clock: Clock
  ) {}

  async run<T>(ctx: MutationContext, fn: (trx: Executor, tools: MutationTools) => Promise<T>): Promise<T> {
    const now = this.clock.now();
    const written: AuditEntry[] = [];
    const result = await this.db.transaction().execute(async (trx) => {
      const out = await fn(trx, {
        now,
        audit: async (draft) => {
          const entry = await appendEntry(trx, this.input(ctx, draft), now);
          written.push(entry);
          return entry;
        },
      });
      await ctx.idempotency?.completeIn(trx, out);
      return out;
    });
    for (const entry of written) {
      this.auditLog.info({ audit: entry }, 'audit entry');
    }
    return result;
  }

  /** Records a refused or failed mutation in its own transaction (the change itself did not happen). */
  async recordOutcome(ctx: MutationContext, draft: AuditDraft): Promise<void> {
    const now = this.clock.now();
    const entry = await this.db.transaction().execute((trx) => appendEntry(trx, this.input(ctx, draft), now));
    this.auditLog.info({ audit: entry }, 'audit entry');
  }

  private input(ctx: MutationContext, draft: AuditDraft): AuditInput {
    return { ...draft, actor: ctx.actor, requestId: ctx.requestId, jobId: ctx.jobId ?? null };
  }
}
