import { createRng, k8sSuffix, seedFrom, type Rng } from '../rng';
import type { K8sObject, ObjectStore } from './store';
import { R } from './workloads';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Every cron job runs twice an hour, like the platform's maintenance jobs. */
const PERIOD_MINUTES = 30;
/** At start, the latest run was this long ago (so a fresh platform is healthy and its next run is near). */
const LAST_RUN_BEFORE_START_MINUTES = 15;
/** History kept per cron job, as the Kubernetes cron job controller keeps it (per outcome). */
const SUCCESSFUL_HISTORY = 5;
const FAILED_HISTORY = 2;

/**
 * Cron jobs with job history. Each cron job runs at every slot of its schedule (twice an hour on the
 * platform's clock, at the minutes its schedule names); a run is a Job that completes (or fails, when
 * the scenario says so). The last five successful and the last two failed runs are kept, as
 * `successfulJobsHistoryLimit` / `failedJobsHistoryLimit` say. The schedule's minutes are chosen at
 * start so that the latest of the five runs a cron job starts with was 15 minutes before: whatever the
 * time of day, a fresh platform's cron jobs are healthy and their next run comes 15 minutes later.
 */
export class CronController {
  private lastRun = new Map<string, number>();
  private readonly periodMs = PERIOD_MINUTES * 60_000;
  /** Where the schedule's slots fall within a period (whole minutes). */
  private readonly phaseMs: number;
  constructor(
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly isFailing: (ns: string, name: string) => boolean,
    private readonly now: () => number = Date.now
  ) {
    const lastSlot = Math.floor((now() - LAST_RUN_BEFORE_START_MINUTES * 60_000) / 60_000) * 60_000;
    this.phaseMs = ((lastSlot % this.periodMs) + this.periodMs) % this.periodMs;
  }

  /** The schedule in cron syntax: the two minutes of the hour its slots fall on. */
  get schedule(): string {
    const minute = this.phaseMs / 60_000;
    return `${minute},${minute + PERIOD_MINUTES} * * * *`;
  }

  /** The latest slot of the schedule at or before `t`. */
  private slotAt(t: number): number {
    return Math.floor((t - this.phaseMs) / this.periodMs) * this.periodMs + this.phaseMs;
  }

  bootstrap(ns: string, names: string[]): void {
    for (const name of names) {
      this.store.create(R.CronJob, {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name, namespace: ns, labels: { app: name } },
        spec: {
          schedule: this.schedule,
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: SUCCESSFUL_HISTORY,
          failedJobsHistoryLimit: FAILED_HISTORY,
          suspend: false,
          jobTemplate: {
            spec: {
              backoffLimit: 1,
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name, image: `registry.switchyard.dev/demo/${name}:1.0.0` }],
                },
              },
            },
          },
        },
        status: {},
      });
      const last = this.slotAt(this.now());
      for (let i = SUCCESSFUL_HISTORY - 1; i >= 0; i--) this.run(ns, name, last - i * this.periodMs, false);
      this.lastRun.set(`${ns}/${name}`, last);
    }
  }

  /** Runs every cron job whose next slot has come (a slot missed while stopped is not made up). */
  tick(): void {
    const slot = this.slotAt(this.now());
    for (const cj of this.store.list(R.CronJob)) {
      const ns = cj.metadata.namespace as string;
      const key = `${ns}/${cj.metadata.name}`;
      if ((cj.spec as Spec).suspend) continue;
      if (slot > (this.lastRun.get(key) ?? 0)) {
        this.lastRun.set(key, slot);
        this.run(ns, cj.metadata.name, slot, this.isFailing(ns, cj.metadata.name));
      }
    }
  }

  /**
   * The job's one pod, finished: its container's terminated state carries the exit code. Its name
   * suffix and uid come from a generator seeded by the job's name, not from the shared stream, so
   * adding run pods leaves every traffic series of the simulator exactly as it was.
   */
  private createPod(ns: string, cronName: string, job: K8sObject, at: number, done: number, fail: boolean): void {
    const jobName = job.metadata.name;
    const rng = createRng(seedFrom(`${ns}/${jobName}`));
    const image = `registry.switchyard.dev/demo/${cronName}:1.0.0`;
    const pod: K8sObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${jobName}-${k8sSuffix(rng, 5)}`,
        namespace: ns,
        creationTimestamp: iso(at),
        labels: { app: cronName, 'batch.kubernetes.io/job-name': jobName, 'job-name': jobName },
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: job.metadata.uid as string, controller: true },
        ],
      },
      spec: { restartPolicy: 'Never', containers: [{ name: cronName, image }] },
      status: {
        phase: fail ? 'Failed' : 'Succeeded',
        startTime: iso(at),
        containerStatuses: [
          {
            name: cronName,
            image,
            ready: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode: fail ? 1 : 0,
                reason: fail ? 'Error' : 'Completed',
                startedAt: iso(at),
                finishedAt: iso(done),
              },
            },
          },
        ],
      },
    };
    this.store.create(R.Pod, pod, rng);
  }

  private run(ns: string, name: string, at: number, fail: boolean): void {
    const cj = this.store.mustGet(R.CronJob, ns, name);
    const jobName = `${name}-${Math.floor(at / 60_000)}`;
    if (this.store.get(R.Job, ns, jobName)) return;
    const done = Math.min(at + 20_000 + this.rng.int(0, 40_000), this.now());
    const job: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: ns,
        creationTimestamp: iso(at),
        labels: { app: name, 'batch.kubernetes.io/job-name': jobName },
        annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': iso(at) },
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'CronJob', name, uid: cj.metadata.uid as string, controller: true },
        ],
      },
      spec: (cj.spec as Spec).jobTemplate.spec,
      status: fail
        ? {
            startTime: iso(at),
            failed: 1,
            conditions: [
              { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: iso(done) },
            ],
          }
        : {
            startTime: iso(at),
            completionTime: iso(done),
            succeeded: 1,
            conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: iso(done) }],
          },
    };
    this.createPod(ns, name, this.store.create(R.Job, job), at, done, fail);
    // Oldest first, trimmed per outcome to the cron job's history limits.
    const history = this.store
      .list(R.Job, ns)
      .filter((j) => j.metadata.ownerReferences?.[0]?.uid === cj.metadata.uid)
      .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    const failed = (j: K8sObject) => Boolean((j.status as Spec | undefined)?.failed);
    for (const [runs, limit] of [
      [history.filter((j) => !failed(j)), (cj.spec as Spec).successfulJobsHistoryLimit as number],
      [history.filter(failed), (cj.spec as Spec).failedJobsHistoryLimit as number],
    ] as const) {
      for (const old of runs.slice(0, Math.max(0, runs.length - limit))) {
        this.store.delete(R.Job, ns, old.metadata.name);
        // Deleting a job deletes its pods (foreground propagation, as the cron job controller does).
        for (const pod of this.store.list(R.Pod, ns)) {
          if (pod.metadata.labels?.['batch.kubernetes.io/job-name'] === old.metadata.name) {
            this.store.delete(R.Pod, ns, pod.metadata.name);
          }
        }
      }
    }
    const status: Spec = { ...(cj.status as Spec), lastScheduleTime: iso(at) };
    if (!fail) status.lastSuccessfulTime = iso(done);
    this.store.put(R.CronJob, { ...cj, status });
  }
}
