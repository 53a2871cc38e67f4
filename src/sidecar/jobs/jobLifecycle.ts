/**
 * The job engine's lifecycle hooks. The engine calls every listener AFTER it has persisted the
 * transition; listeners must return quickly and never throw (work such as HTTP calls runs in the
 * background and its failures are only logged), so nothing a listener does can fail or delay a job.
 */
import type { Logger } from 'pino';
import type { Job } from '../../contract';

export interface JobLifecycleListener {
  /** The job's first step is about to run (status `running`, `startedAt` set). */
  jobStarted(job: Job): void;
  /** The job reached `succeeded`, `failed` or `cancelled` (`finishedAt` set). */
  jobFinished(job: Job): void;
}

/** Fans out to several listeners, isolating each one's exceptions. */
export function combineListeners(listeners: JobLifecycleListener[], logger: Logger): JobLifecycleListener {
  const each = (hook: keyof JobLifecycleListener, job: Job) => {
    for (const l of listeners) {
      try {
        l[hook](job);
      } catch (err) {
        logger.warn({ err: (err as Error).message, jobId: job.id, hook }, 'job lifecycle listener failed');
      }
    }
  };
  return {
    jobStarted: (job) => each('jobStarted', job),
    jobFinished: (job) => each('jobFinished', job),
  };
}
