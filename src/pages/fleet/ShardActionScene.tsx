import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Button, Field, Input, LinkButton, LoadingPlaceholder, Modal } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { jobUrl } from '../../shared/routing';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import type { CreateJob, JobPlan } from '../../contract';

export type ShardAction = 'cordon' | 'uncordon' | 'drain';

export const SHARD_ACTION_LABEL: Record<ShardAction, string> = {
  cordon: 'Cordon',
  uncordon: 'Uncordon',
  drain: 'Drain',
};

export interface ShardActionSceneState extends SceneObjectState {
  shardId?: string;
  action?: ShardAction;
  plan?: JobPlan;
  reason: string;
  busy: boolean;
  error?: ApiRequestError;
  jobId?: string;
  idempotencyKey?: string;
}

export function shardJobBody(action: ShardAction, shardId: string, reason: string): CreateJob {
  const source = { kind: 'page' as const, ref: 'placement/fleet' };
  if (action === 'drain') {
    return { type: 'shard.drain', params: { shardId, concurrency: 2 }, reason, source } as CreateJob;
  }
  return {
    type: action === 'cordon' ? 'shard.cordon' : 'shard.uncordon',
    params: { shardId },
    reason,
    source,
  } as CreateJob;
}

/** Preflight (dry run) → reason → run → link to the job page, for one shard action. */
export class ShardActionScene extends SceneObjectBase<ShardActionSceneState> {
  static Component = ShardActionRenderer;

  constructor(
    state: Partial<ShardActionSceneState> = {},
    private readonly api: OperationsApi = operationsApi
  ) {
    super({ reason: '', busy: false, ...state });
  }

  open = async (shardId: string, action: ShardAction) => {
    const idempotencyKey = newIdempotencyKey();
    this.setState({
      shardId,
      action,
      plan: undefined,
      reason: '',
      error: undefined,
      jobId: undefined,
      busy: true,
      idempotencyKey,
    });
    try {
      const res = await this.api.createJob(shardJobBody(action, shardId, 'preflight'), true, newIdempotencyKey());
      this.setState({ plan: res.plan, busy: false });
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };

  close = () =>
    this.setState({ shardId: undefined, action: undefined, plan: undefined, error: undefined, jobId: undefined });

  setReason = (reason: string) => this.setState({ reason });

  run = async () => {
    const { shardId, action, reason, idempotencyKey } = this.state;
    if (!shardId || !action || !idempotencyKey) {
      return;
    }
    this.setState({ busy: true, error: undefined });
    try {
      const res = await this.api.createJob(shardJobBody(action, shardId, reason), false, idempotencyKey);
      this.setState({ busy: false, jobId: res.job?.id });
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };
}

function ShardActionRenderer({ model }: SceneComponentProps<ShardActionScene>) {
  const { shardId, action, plan, reason, busy, error, jobId } = model.useState();
  if (!shardId || !action) {
    return null;
  }
  const blocked = plan?.blocked ?? true;
  return (
    <Modal title={`${SHARD_ACTION_LABEL[action]} shard ${shardId}`} isOpen onDismiss={model.close}>
      {busy && !plan && <LoadingPlaceholder text="Running preflight…" />}
      {error && <ApiErrorAlert title="The action could not be planned or started" error={error} />}
      {plan && (
        <div data-testid="placement-shard-preflight">
          <ul>
            {plan.preflight.map((c) => (
              <li key={c.name} data-testid="placement-preflight-check" data-ok={String(c.ok)}>
                {c.ok ? '✓' : '✗'} {c.name}: {c.message}
              </li>
            ))}
          </ul>
          <ol>
            {plan.steps.map((s) => (
              <li key={s.name}>{s.title}</li>
            ))}
          </ol>
          {plan.blocked && <Alert severity="error" title="Preflight blocked this action" />}
        </div>
      )}
      {jobId ? (
        <LinkButton href={jobUrl(jobId)} data-testid="placement-shard-job-link">
          Open the job
        </LinkButton>
      ) : (
        <>
          <Field label="Reason" description="Recorded in the audit log">
            <Input value={reason} onChange={(e) => model.setReason(e.currentTarget.value)} aria-label="Reason" />
          </Field>
          <Modal.ButtonRow>
            <Button variant="secondary" onClick={model.close}>
              Cancel
            </Button>
            <Button
              onClick={model.run}
              disabled={busy || blocked || reason.trim().length < 3}
              data-testid="placement-shard-run"
            >
              {SHARD_ACTION_LABEL[action]}
            </Button>
          </Modal.ButtonRow>
        </>
      )}
    </Modal>
  );
}
