import type { JobDetail, JobStep, JobType } from '../../contract';

/**
 * The steps the sidecar time-boxes with one of the job's own parameters (seconds): the step fails
 * when its wait has not converged by then. Other steps only have the engine's generic timeout.
 * The sidecar reports nothing else while a step runs (its output arrives when it ends).
 */
const STEP_TIME_BOX: Partial<Record<JobType, Record<string, string>>> = {
  'tenant.drain': { 'wait-in-flight': 'drainTimeoutSeconds' },
  'tenant.migrate': { 'drain-source': 'drainTimeoutSeconds', verify: 'verifySeconds' },
};

/** The step's time-box in seconds, when the job's parameters give one. */
export function stepTimeBoxSeconds(
  job: Pick<JobDetail, 'type' | 'params'>,
  step: Pick<JobStep, 'name'>
): number | undefined {
  const param = STEP_TIME_BOX[job.type]?.[step.name];
  const value = param === undefined ? undefined : job.params[param];
  return typeof value === 'number' && value > 0 ? value : undefined;
}

export interface StepProgress {
  /** Seconds since the step started (to its end once finished). */
  elapsedSeconds: number;
  timeBoxSeconds?: number;
  /** Share of the time-box used, 0..1, when there is one. */
  fraction?: number;
}

/** How far a started step is: elapsed time, and of which time-box. */
export function stepProgress(
  job: Pick<JobDetail, 'type' | 'params'>,
  step: Pick<JobStep, 'name' | 'startedAt' | 'finishedAt'>,
  nowMs: number = Date.now()
): StepProgress | undefined {
  if (!step.startedAt) {
    return undefined;
  }
  const end = step.finishedAt ? Date.parse(step.finishedAt) : nowMs;
  const elapsedSeconds = Math.max(0, (end - Date.parse(step.startedAt)) / 1000);
  const timeBoxSeconds = stepTimeBoxSeconds(job, step);
  return timeBoxSeconds === undefined
    ? { elapsedSeconds }
    : { elapsedSeconds, timeBoxSeconds, fraction: Math.min(1, elapsedSeconds / timeBoxSeconds) };
}

/** `13.3 s`; `13 s of 120 s` for a running step with a time-box. */
export function formatStepProgress(p: StepProgress, running: boolean): string {
  if (running && p.timeBoxSeconds !== undefined) {
    return `${Math.floor(p.elapsedSeconds)} s of ${p.timeBoxSeconds} s`;
  }
  return `${Math.round(p.elapsedSeconds * 10) / 10} s`;
}
