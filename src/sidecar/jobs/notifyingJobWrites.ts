/**
 * JobWrites that tell a JobLifecycleListener about start and finish AFTER the transition committed.
 * The job is re-read and the listener called in the background: a slow or failing listener (Grafana
 * annotations) can neither delay nor fail the worker's write.
 */
import type { Logger } from 'pino';
import type { JobError } from '../../contract';
import { JobWrites, type FirstAttempt } from './jobWrites';
import { getJobRow, rowToJob, type Fence } from './jobs.store';
import type { Db, JobsTable } from '../kernel/database/schema';
import type { JobLifecycleListener } from './jobLifecycle';
import type { Mutations } from '../kernel/mutations';
import { type Clock } from '../kernel/clock';

export class NotifyingJobWrites extends JobWrites {
  constructor(
    private readonly store: Db,
    mutations: Mutations,
    clock: Clock,
    private readonly listener: JobLifecycleListener,
    private readonly logger: Logger
  ) {
    super(store, mutations, clock);
  }

  override async start(f: Fence, row: JobsTable, first: FirstAttempt | null = null): Promise<void> {
    await super.start(f, row, first);
    this.notify(f.jobId, 'jobStarted');
  }

  override async succeed(f: Fence, row: JobsTable): Promise<void> {
    await super.succeed(f, row);
    this.notify(f.jobId, 'jobFinished');
  }

  override async fail(f: Fence, row: JobsTable, idx: number | null, error: JobError): Promise<void> {
    await super.fail(f, row, idx, error);
    this.notify(f.jobId, 'jobFinished');
  }

  override async cancelled(f: Fence, row: JobsTable, pending: number[]): Promise<void> {
    await super.cancelled(f, row, pending);
    this.notify(f.jobId, 'jobFinished');
  }

  private notify(jobId: string, hook: keyof JobLifecycleListener): void {
    getJobRow(this.store, jobId)
      .then((row) => {
        if (row) this.listener[hook](rowToJob(row));
      })
      .catch((err: Error) => this.logger.warn({ err: err.message, jobId, hook }, 'job lifecycle notification failed'));
  }
}
