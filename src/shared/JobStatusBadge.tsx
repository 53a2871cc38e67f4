import React from 'react';
import type { HealthState, JobStatus } from '../contract';
import { LookBadge, type BadgeLook } from './LookBadge';
import { testIds } from './testIds';

const JOB: Record<JobStatus, BadgeLook> = {
  awaiting_approval: { color: 'purple', icon: 'lock', label: 'Awaiting approval' },
  queued: { color: 'blue', icon: 'clock-nine', label: 'Queued' },
  running: { color: 'blue', icon: 'sync', label: 'Running' },
  succeeded: { color: 'green', icon: 'check-circle', label: 'Succeeded' },
  failed: { color: 'red', icon: 'exclamation-triangle', label: 'Failed' },
  cancelled: { color: 'darkgrey', icon: 'times-circle', label: 'Cancelled' },
};

export function jobStatusLabel(status: JobStatus): string {
  return JOB[status].label;
}

/** A job status pill. */
export function JobStatusBadge({ status, testId }: { status: JobStatus; testId?: string }) {
  return (
    <LookBadge look={JOB[status]} kind="Job status" data-testid={testId ?? testIds.job.status} data-status={status} />
  );
}

const HEALTH: Record<HealthState, BadgeLook> = {
  healthy: { color: 'green', icon: 'check-circle', label: 'Healthy' },
  pending: { color: 'orange', icon: 'clock-nine', label: 'Pending' },
  unhealthy: { color: 'red', icon: 'exclamation-triangle', label: 'Unhealthy' },
  unknown: { color: 'darkgrey', icon: 'question-circle', label: 'Unknown' },
};

/** A Kubernetes health pill (pods, deployments, cron jobs, the whole namespace). */
export function HealthBadge({ state, testId }: { state: HealthState; testId?: string }) {
  return <LookBadge look={HEALTH[state]} kind="Health" data-testid={testId} data-state={state} />;
}
