/**
 * Job gauges read from the store at scrape time (so every replica reports the shared truth):
 * `switchyard_job_oldest_running_seconds` (the SwitchyardJobStuck alert) and
 * `switchyard_jobs_active{status,type}`; and counters of the transitions this replica made:
 * `switchyard_jobs_started_total{type}` and `switchyard_jobs_finished_total{type,status}`
 * (jobs started / failed over time on the pages and dashboards).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { JobLifecycleListener } from './jobLifecycle';
import { activeJobCounts, oldestRunningStart } from './jobs.store';
import type { Db } from '../kernel/database/schema';
import { type Clock } from '../kernel/clock';

export function registerJobMetrics(registry: Registry, db: Db, clock: Clock): void {
  new Gauge({
    name: 'switchyard_job_oldest_running_seconds',
    help: 'Seconds since the oldest running job started; 0 when no job runs',
    registers: [registry],
    async collect() {
      const started = await oldestRunningStart(db);
      this.set(started ? Math.max(0, (clock.now().getTime() - Date.parse(started)) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'switchyard_jobs_active',
    help: 'Active jobs (awaiting approval, queued, running) by status and type',
    labelNames: ['status', 'type'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await activeJobCounts(db)) this.set({ status: r.status, type: r.type }, r.n);
    },
  });
}

/** Counts job starts and finishes; its listener is wired into the engine's lifecycle hooks. */
export class JobTransitionCounters {
  private readonly started = new Counter({
    name: 'switchyard_jobs_started_total',
    help: 'Jobs whose first step started on this replica, by type',
    labelNames: ['type'] as const,
    registers: [],
  });
  private readonly finished = new Counter({
    name: 'switchyard_jobs_finished_total',
    help: 'Jobs that reached succeeded, failed or cancelled on this replica, by type and status',
    labelNames: ['type', 'status'] as const,
    registers: [],
  });

  readonly listener: JobLifecycleListener = {
    jobStarted: (job) => this.started.inc({ type: job.type }),
    jobFinished: (job) => this.finished.inc({ type: job.type, status: job.status }),
  };

  register(registry: Registry): void {
    registry.registerMetric(this.started);
    registry.registerMetric(this.finished);
  }
}
