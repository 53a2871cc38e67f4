import { endpoints, type CreateJob, type Environment, type ServiceKind } from '../../contract';
import type { ActionIntent } from '../../shared/ActionFlowScene';

/** What the operator filled in to start a rollout. */
export interface RolloutForm {
  kind: ServiceKind;
  environment: Environment;
  imageVersion: string;
  /** Empty: every shard of the kind in the environment. */
  shards: string[];
  /** Canary weights in percent, e.g. `10, 50`; empty for a rolling update. */
  steps: string;
  max5xxPercent: number;
  maxP95Ms: number;
  baselineFactor: number;
  windowSeconds: number;
  stepPauseSeconds: number;
}

export const DEFAULT_ROLLOUT_FORM: Omit<RolloutForm, 'kind' | 'environment' | 'imageVersion'> = {
  shards: [],
  steps: '25, 50',
  max5xxPercent: 5,
  maxP95Ms: 2000,
  baselineFactor: 2,
  windowSeconds: 60,
  stepPauseSeconds: 30,
};

/** `10, 50` → [10, 50]; null when a value is not a whole percentage (the form names the field). */
export function parseSteps(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const values = parts.map(Number);
  return values.every((v) => Number.isInteger(v) && v >= 1 && v <= 99) ? values : null;
}

export function rolloutBody(f: RolloutForm, reason: string): CreateJob {
  const steps = parseSteps(f.steps) ?? [];
  return {
    type: 'deployment.rollout',
    reason,
    source: { kind: 'page', ref: 'deployments' },
    params: {
      kind: f.kind,
      environment: f.environment,
      imageVersion: f.imageVersion,
      ...(f.shards.length ? { shards: f.shards } : {}),
      strategy:
        steps.length > 0
          ? {
              type: 'canary',
              steps,
              stepPauseSeconds: f.stepPauseSeconds,
              gate: {
                max5xxRatio: f.max5xxPercent / 100,
                maxP95Ms: f.maxP95Ms,
                baselineFactor: f.baselineFactor,
                windowSeconds: f.windowSeconds,
                minRequests: 20,
              },
            }
          : { type: 'rolling', maxSurgePercent: 25, maxUnavailablePercent: 25 },
    },
  };
}

export function rolloutIntent(f: RolloutForm): ActionIntent {
  const where = f.shards.length ? f.shards.join(', ') : `every ${f.kind} shard`;
  return {
    id: `deployment.rollout:${JSON.stringify(rolloutBody(f, '').params)}`,
    action: 'rollout',
    title: `Roll out ${f.kind} ${f.imageVersion} to ${f.environment} (${where})`,
    body: (reason) => rolloutBody(f, reason),
    permission: endpoints.createJob.action,
    runLabel: 'Start rollout',
  };
}
