/**
 * Job gauges read from the store at scrape time (so every replica reports the shared truth):
 * `switchyard_job_oldest_running_seconds` (the SwitchyardJobStuck alert) and
 * `switchyard_jobs_active{status,type}`.
 */
import { Gauge, type Registry } from 'prom-client';
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
