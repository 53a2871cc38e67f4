/**
 * The scheduled inventory reconcile: from start-up on, every SWITCHYARD_INVENTORY_RECONCILE_MS it
 * compares the platform's inventory with the control plane's and, when they differ, submits the
 * same `inventory.sync` job an operator runs from the Fleet page (planned, audited, one at a time:
 * a sync already running on any replica makes the submission a no-op). Nothing is submitted while
 * the two sides agree, so the job list only shows syncs that changed something.
 */
import type { Logger } from 'pino';
import { ErrorCode, type CreateJob } from '../../../contract';
import { DomainError } from '../../kernel/errors';
import { hasChanges } from './inventory';
import type { InventoryService } from './inventory.service';

/** Submits a job as the reconcile's own identity (the composition root binds it to the job service). */
export type SubmitJob = (input: CreateJob) => Promise<{ jobId: string }>;

export class InventoryReconciler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly inventory: InventoryService,
    private readonly intervalMs: number,
    private readonly logger: Logger
  ) {}

  /** Starts the schedule (first pass right away); a no-op when the interval is 0 or the platform is not configured. */
  start(submit: SubmitJob): void {
    if (this.intervalMs <= 0 || !this.inventory.configured || this.timer) return;
    const tick = () => {
      if (!this.running) this.running = this.once(submit).finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: compare, and submit a sync when something differs. Never throws. */
  async once(submit: SubmitJob): Promise<'submitted' | 'in-sync' | 'busy' | 'failed'> {
    try {
      const d = await this.inventory.diff();
      if (!hasChanges(d)) return 'in-sync';
      const { jobId } = await submit({
        type: 'inventory.sync',
        params: {},
        reason: 'Scheduled inventory reconcile: the platform and the control plane differ',
        source: { kind: 'api', ref: 'inventory-reconcile' },
      });
      this.logger.info({ jobId }, 'inventory reconcile submitted a sync');
      return 'submitted';
    } catch (err) {
      if (
        err instanceof DomainError &&
        err.code === ErrorCode.conflict &&
        err.extra.details?.activeJobId !== undefined
      ) {
        this.logger.debug({ reason: err.message }, 'inventory reconcile: a sync is already running');
        return 'busy';
      }
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'inventory reconcile failed');
      return 'failed';
    }
  }
}
