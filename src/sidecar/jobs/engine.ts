/**
 * The job workers of one sidecar replica. A loop claims runnable jobs (lease + fencing token) up to
 * the concurrency limit and runs each with a heartbeat that renews the lease every third of its
 * length; a refused renewal (another replica took the job over) aborts the job's current step at
 * once. A job created on this replica while a worker is free is inserted already leased to it and
 * started right after its creation committed (`reserve`); jobs approved here wake the loop; jobs
 * from other replicas, jobs created while every worker was busy and jobs whose worker died (lease
 * expired) are found by polling.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { FencedOut, claimNext, releaseLease, renewLease, type Fence, type InsertedJob } from './jobs.store';
import type { Db, JobsTable } from '../kernel/database/schema';
import type { JobRunner } from './runner';
import { StepAborted } from './stepErrors';
import { systemClock, type Clock } from '../kernel/clock';

/** The fencing token of a job inserted already claimed (its first claim). */
const CLAIMED_AT_CREATE = 1;

/** A reserved worker for a job being created on this replica (JobEngine.reserve). */
export interface WorkerSlot {
  /** The lease columns of the job row as inserted: leased to this replica, first fencing token. */
  claimedAtCreate(now: Date): Pick<JobsTable, 'lease_owner' | 'lease_expires_at' | 'fence'>;
  /** The creation committed: run the job now (the job as inserted spares the first reads). */
  launch(jobId: string, job: InsertedJob): void;
  /** The creation did not commit: give the worker back. */
  release(): void;
}

export interface EngineOptions {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
}

export class JobEngine {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, { done: Promise<void>; abort: AbortController }>();
  private stopped = true;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private woken = false;
  /** Claims by id in flight: they count against the concurrency limit until they resolve. */
  private taking = 0;

  constructor(
    private readonly db: Db,
    private readonly runner: JobRunner,
    private readonly opts: EngineOptions,
    private readonly log: Logger,
    private readonly clock: Clock = systemClock()
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop();
  }

  /** Look for work now (a job was just created or approved here). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * A worker slot for a job about to be created here, or null when every worker is busy (the loop
   * finds the job then). The job is inserted already leased to this replica with fencing token 1
   * (`claimedAtCreate`), in its creation transaction: after the commit it starts at once, with no
   * claim round trip. Should this process die first, the lease expires and any replica resumes the
   * job as after any crash. The slot counts against the concurrency limit until launched or released.
   */
  reserve(): WorkerSlot | null {
    if (this.stopped || this.busy() >= this.opts.concurrency) return null;
    this.taking += 1;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.taking -= 1;
      return true;
    };
    return {
      claimedAtCreate: (now) => ({
        lease_owner: this.owner,
        lease_expires_at: new Date(now.getTime() + this.opts.leaseMs).toISOString(),
        fence: CLAIMED_AT_CREATE,
      }),
      launch: (jobId, job) => {
        if (!close()) return;
        const f = { jobId, fence: CLAIMED_AT_CREATE };
        if (!this.stopped) return this.launch(f, job);
        releaseLease(this.db, f).catch((err: Error) =>
          this.log.warn({ jobId, err: err.message }, 'releasing the job lease failed')
        );
      },
      release: () => {
        if (close()) this.wake();
      },
    };
  }

  private busy(): number {
    return this.running.size + this.taking;
  }

  /** Stops claiming, aborts running steps and hands their jobs back (lease released) for another replica. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake();
    for (const r of this.running.values()) r.abort.abort(new StepAborted('shutdown'));
    await Promise.allSettled([this.loopDone, ...[...this.running.values()].map((r) => r.done)]);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let claimed: Fence | null = null;
      if (this.busy() < this.opts.concurrency) {
        try {
          claimed = await claimNext(this.db, this.owner, this.clock.now(), this.opts.leaseMs);
        } catch (err) {
          if (!this.stopped) this.log.warn({ err: (err as Error).message }, 'job claim failed');
        }
      }
      if (claimed) {
        this.launch(claimed);
        continue;
      }
      if (!this.woken) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wakeUp = null;
        resolve();
      };
      const t = setTimeout(done, this.opts.pollMs);
      this.wakeUp = done;
    });
  }

  private launch(f: Fence, inserted?: InsertedJob): void {
    const abort = new AbortController();
    const heartbeat = setInterval(
      () => {
        renewLease(this.db, f, new Date(this.clock.now().getTime() + this.opts.leaseMs)).then(
          (ok) => {
            if (!ok) abort.abort(new StepAborted('lease_lost'));
          },
          (err: Error) => this.log.warn({ jobId: f.jobId, err: err.message }, 'lease renewal failed')
        );
      },
      Math.max(50, Math.floor(this.opts.leaseMs / 3))
    );
    const done = this.runner
      .run(f, abort.signal, inserted)
      .then(
        () => releaseLease(this.db, f),
        async (err: unknown) => {
          if (err instanceof FencedOut || (err instanceof StepAborted && err.why === 'lease_lost')) {
            this.log.warn({ jobId: f.jobId, fence: f.fence }, 'job taken over by another worker; stopped');
          } else if (err instanceof StepAborted && err.why === 'shutdown') {
            await releaseLease(this.db, f).catch(() => undefined);
          } else {
            // Keep the lease: it expires and the job is retried then, not in a hot loop.
            this.log.error({ jobId: f.jobId, err }, 'job run failed; it resumes when its lease expires');
          }
        }
      )
      .catch((err: Error) => this.log.warn({ jobId: f.jobId, err: err.message }, 'releasing the job lease failed'))
      .finally(() => {
        clearInterval(heartbeat);
        this.running.delete(f.jobId);
        this.wake();
      });
    this.running.set(f.jobId, { done, abort });
  }
}
