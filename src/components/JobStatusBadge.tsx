import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import React from 'react';
import type { HealthState, JobStatus } from '../contract';
import { testIds } from './testIds';

const JOB: Record<JobStatus, { color: BadgeColor; icon: IconName; label: string }> = {
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
  const look = JOB[status];
  return <Badge color={look.color} icon={look.icon} text={look.label} data-testid={testId ?? testIds.job.status} data-status={status} aria-label={`Job status: ${look.label}`} />;
}

const HEALTH: Record<HealthState, { color: BadgeColor; icon: IconName; label: string }> = {
  healthy: { color: 'green', icon: 'check-circle', label: 'Healthy' },
  pending: { color: 'orange', icon: 'clock-nine', label: 'Pending' },
  unhealthy: { color: 'red', icon: 'exclamation-triangle', label: 'Unhealthy' },
  unknown: { color: 'darkgrey', icon: 'question-circle', label: 'Unknown' },
};

/** A Kubernetes health pill (pods, deployments, cron jobs, the whole namespace). */
export function HealthBadge({ state, testId }: { state: HealthState; testId?: string }) {
  const look = HEALTH[state];
  return <Badge color={look.color} icon={look.icon} text={look.label} data-testid={testId} data-state={state} aria-label={`Health: ${look.label}`} />;
}
