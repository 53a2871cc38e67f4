/**
 * The job workers of one sidecar replica. A loop claims runnable jobs (lease + fencing token) up to
 * the concurrency limit and runs each with a heartbeat that renews the lease every third of its
 * length; a refused renewal (another replica took the job over) aborts the job's current step at
 * once. A job created on this replica is claimed by id right after its creation committed and
 * started at once when a worker is free (`take`); jobs approved here wake the loop; jobs from other
 * replicas and jobs whose worker died (lease expired) are found by polling.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { FencedOut, claimJob, claimNext, releaseLease, renewLease, type Fence } from './jobs.store';
import type { Db } from '../kernel/database/schema';
import type { JobRunner } from './runner';
import { StepAborted } from './stepErrors';
import { systemClock, type Clock } from '../kernel/clock';

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
   * A job was just created here: claim it by id and start it now when a worker is free, instead of
   * waiting for the loop's next claim round. Otherwise (all workers busy, or another worker got the
   * job first) the loop finds it as usual.
   */
  take(jobId: string): void {
    if (this.stopped || this.busy() >= this.opts.concurrency) return this.wake();
    this.taking += 1;
    claimJob(this.db, jobId, this.owner, this.clock.now(), this.opts.leaseMs)
      .then(
        (f) => {
          if (!f) return;
          if (this.stopped) return releaseLease(this.db, f);
          this.launch(f);
        },
        (err: Error) => {
          if (!this.stopped) this.log.warn({ jobId, err: err.message }, 'job claim failed');
          this.wake();
        }
      )
      .catch((err: Error) => this.log.warn({ jobId, err: err.message }, 'releasing the job lease failed'))
      .finally(() => {
        this.taking -= 1;
      });
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

  private launch(f: Fence): void {
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
      .run(f, abort.signal)
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
