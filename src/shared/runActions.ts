import type { CreateJob, Environment, JobSource } from '../contract';
import { ENVIRONMENTS } from '../contract';

/** What the run-an-action flow runs on: a tenant, or a deployment in an environment. */
export type RunTarget =
  { kind: 'tenant'; tenantId: string } | { kind: 'deployment'; environment: Environment; deployment: string };

/** Actions an operator can start from a page, the job each one creates and who it targets. */
export const RUN_ACTIONS = {
  drain: {
    label: 'Drain',
    targetKind: 'tenant',
    jobType: 'tenant.drain',
    help: 'Stop taking new work and wait for in-flight work to finish',
  },
  undrain: { label: 'Undrain', targetKind: 'tenant', jobType: 'tenant.undrain', help: 'Take new work again' },
  suspend: {
    label: 'Suspend',
    targetKind: 'tenant',
    jobType: 'tenant.suspend',
    help: 'Kill switch: refuse all traffic',
  },
  resume: { label: 'Resume', targetKind: 'tenant', jobType: 'tenant.resume', help: 'Lift the kill switch' },
  restart: {
    label: 'Restart',
    targetKind: 'deployment',
    jobType: 'deployment.restart',
    help: 'Rolling restart of the deployment',
  },
} as const;
export type RunActionKey = keyof typeof RUN_ACTIONS;

export const TENANT_RUN_ACTIONS = (Object.keys(RUN_ACTIONS) as RunActionKey[]).filter(
  (k) => RUN_ACTIONS[k].targetKind === 'tenant'
);

export function isRunAction(value: unknown): value is RunActionKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RUN_ACTIONS, value);
}

/** Whether `action` can run on `target` (a tenant action needs a tenant, a restart a deployment). */
export function fits(action: RunActionKey, target: RunTarget | undefined): boolean {
  return target !== undefined && RUN_ACTIONS[action].targetKind === target.kind;
}

/** `prod/gateway-prod-0` ↔ a deployment target (the `target` URL value and alert links). */
export function parseDeploymentTarget(value: string | null | undefined): RunTarget | undefined {
  const m = /^([a-z]+)\/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)$/.exec(value ?? '');
  if (!m || !(ENVIRONMENTS as readonly string[]).includes(m[1])) {
    return undefined;
  }
  return { kind: 'deployment', environment: m[1] as Environment, deployment: m[2] };
}

export function formatDeploymentTarget(t: RunTarget | undefined): string | null {
  return t?.kind === 'deployment' ? `${t.environment}/${t.deployment}` : null;
}

export function describeTarget(t: RunTarget): string {
  return t.kind === 'tenant' ? `tenant ${t.tenantId}` : `deployment ${t.deployment} (${t.environment})`;
}

/** The createJob body for an action on a target (the caller checked `fits`). */
export function jobBody(action: RunActionKey, target: RunTarget, reason: string, source: JobSource): CreateJob {
  if (target.kind === 'deployment') {
    return {
      type: 'deployment.restart',
      params: { environment: target.environment, deployment: target.deployment },
      reason,
      source,
    };
  }
  const params = { tenantId: target.tenantId };
  switch (action) {
    case 'drain':
      return { type: 'tenant.drain', params: { ...params, drainTimeoutSeconds: 120 }, reason, source };
    case 'undrain':
      return { type: 'tenant.undrain', params, reason, source };
    case 'suspend':
      return { type: 'tenant.suspend', params, reason, source };
    default:
      return { type: 'tenant.resume', params, reason, source };
  }
}
