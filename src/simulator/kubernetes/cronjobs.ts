import { createRng, k8sSuffix, seedFrom, type Rng } from '../rng';
import type { K8sObject, ObjectStore } from './store';
import { R } from './workloads';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Cron jobs with job history. Each cron job "runs" every `periodMs` of simulated time; a run is a
 * Job that completes (or fails, when the scenario says so) and the last five are kept.
 */
export class CronController {
  private lastRun = new Map<string, number>();
  constructor(
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly isFailing: (ns: string, name: string) => boolean,
    private readonly periodMs = 60_000,
    private readonly now: () => number = Date.now
  ) {}

  bootstrap(ns: string, names: string[]): void {
    for (const name of names) {
      this.store.create(R.CronJob, {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name, namespace: ns, labels: { app: name } },
        spec: {
          schedule: '*/30 * * * *',
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 2,
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
      const start = this.now() - 5 * 30 * 60_000;
      for (let i = 0; i < 5; i++) this.run(ns, name, start + i * 30 * 60_000, false);
      this.lastRun.set(`${ns}/${name}`, this.now());
    }
  }

  tick(): void {
    const t = this.now();
    for (const cj of this.store.list(R.CronJob)) {
      const ns = cj.metadata.namespace as string;
      const key = `${ns}/${cj.metadata.name}`;
      if ((cj.spec as Spec).suspend) continue;
      if (t - (this.lastRun.get(key) ?? 0) >= this.periodMs) {
        this.lastRun.set(key, t);
        this.run(ns, cj.metadata.name, t, this.isFailing(ns, cj.metadata.name));
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
    const history = this.store
      .list(R.Job, ns)
      .filter((j) => j.metadata.ownerReferences?.[0]?.uid === cj.metadata.uid)
      .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    while (history.length > 5) {
      const old = history.shift() as K8sObject;
      this.store.delete(R.Job, ns, old.metadata.name);
      // Deleting a job deletes its pods (foreground propagation, as the cron job controller does).
      for (const pod of this.store.list(R.Pod, ns)) {
        if (pod.metadata.labels?.['batch.kubernetes.io/job-name'] === old.metadata.name) {
          this.store.delete(R.Pod, ns, pod.metadata.name);
        }
      }
    }
    const status: Spec = { ...(cj.status as Spec), lastScheduleTime: iso(at) };
    if (!fail) status.lastSuccessfulTime = iso(done);
    this.store.put(R.CronJob, { ...cj, status });
  }
}
