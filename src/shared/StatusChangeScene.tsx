import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import { ApiRequestError } from '../api/ApiRequestError';
import { newIdempotencyKey } from '../api/idempotencyKey';
import { switchyardApi, type SwitchyardApi } from '../api/switchyardApi';
import { toApiRequestError } from '../api/toApiRequestError';
import { ApiErrorAlert, ApiErrorDetails } from './ApiErrorAlert';
import { ReasonModal } from './ReasonModal';
import { statusLabel } from './StatusBadge';
import { TenantPlanView } from './TenantPlanView';
import { testIds } from './testIds';
import type { BulkStatusResult, TenantPlan, TenantPlanRequestInput, TenantStatus } from '../contract';
import { EventTenantsChanged } from './events';
import { LatestRequest } from './latestRequest';

export interface StatusChangeRequest {
  ids: string[];
  to: TenantStatus;
  /** Use the bulk endpoint (one reason for all, a result per tenant). */
  bulk: boolean;
}

export interface StatusChangeSceneState extends SceneObjectState {
  /** The change being confirmed; the reason modal is open while set. */
  request?: StatusChangeRequest;
  /** The sidecar's plan of the change, shown above the reason. */
  plan?: TenantPlan;
  planning: boolean;
  planError?: ApiRequestError;
  busy: boolean;
  error?: ApiRequestError;
  /** Outcome of the last bulk change, shown until dismissed. */
  result?: BulkStatusResult;
}

function planRequest(r: StatusChangeRequest): TenantPlanRequestInput {
  if (r.bulk) return { kind: 'bulkStatus', ids: r.ids, to: r.to };
  return r.to === 'archived' ? { kind: 'archive', id: r.ids[0] } : { kind: 'status', id: r.ids[0], to: r.to };
}

/**
 * The plan → reason → change flow for tenant status changes, single or bulk. Opening it asks the
 * sidecar for the plan (what changes, what is refused and why, what it touches); the change runs
 * only when the plan lets something run. One Idempotency-Key per intent: made when the flow opens,
 * reused by a retry with the same reason (a replay, not a second change), replaced when the reason
 * changes. On success it publishes `EventTenantsChanged` (bubbling) so the owner reloads.
 */
export class StatusChangeScene extends SceneObjectBase<StatusChangeSceneState> {
  static Component = StatusChangeRenderer;
  private readonly api: SwitchyardApi;
  private readonly planLoad = new LatestRequest((patch) =>
    this.setState({ planning: patch.loading ?? this.state.planning, planError: patch.error })
  );
  private key?: { value: string; reason?: string };

  constructor(state: Partial<StatusChangeSceneState> = {}, api: SwitchyardApi = switchyardApi) {
    super({ busy: false, planning: false, ...state });
    this.api = api;
    this.addActivationHandler(() => this.planLoad.cancel);
  }

  /** The Idempotency-Key the next submit of the open change sends. */
  get idempotencyKey(): string | undefined {
    return this.key?.value;
  }

  open(request: StatusChangeRequest) {
    this.key = { value: newIdempotencyKey() };
    this.setState({ request, plan: undefined, planError: undefined, error: undefined, busy: false });
    void this.loadPlan();
  }

  loadPlan = () => {
    const request = this.state.request;
    if (!request) return;
    return this.planLoad.run(
      () => this.api.planTenantChange(planRequest(request)),
      (plan) => this.setState({ plan, planning: false })
    );
  };

  dismiss = () => {
    this.planLoad.cancel();
    this.key = undefined;
    this.setState({ request: undefined, plan: undefined, planError: undefined, error: undefined, busy: false });
  };

  dismissResult = () => {
    this.setState({ result: undefined });
  };

  submit = async (reason: string) => {
    const request = this.state.request;
    if (!request || this.state.busy || !this.state.plan || this.state.plan.blocked) {
      return;
    }
    if (!this.key || (this.key.reason !== undefined && this.key.reason !== reason)) {
      this.key = { value: newIdempotencyKey() };
    }
    this.key.reason = reason;
    const key = this.key.value;
    this.setState({ busy: true, error: undefined });
    try {
      let result: BulkStatusResult | undefined;
      if (request.bulk) {
        result = await this.api.bulkTenantStatus(request.ids, request.to, reason, key);
      } else if (request.to === 'archived') {
        await this.api.archiveTenant(request.ids[0], reason, key);
      } else {
        await this.api.changeTenantStatus(request.ids[0], request.to, reason, key);
      }
      this.key = undefined;
      this.setState({ request: undefined, plan: undefined, busy: false, result });
      this.publishEvent(new EventTenantsChanged({ ids: request.ids }), true);
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };
}

function BulkResult({ result, onDismiss }: { result: BulkStatusResult; onDismiss: () => void }) {
  const refused = result.results.filter((r) => !r.ok);
  const changed = result.results.length - refused.length;
  return (
    <Alert
      severity={refused.length ? 'warning' : 'success'}
      title={`Changed ${changed} of ${result.results.length} tenants`}
      onRemove={onDismiss}
      data-testid={testIds.tenants.bulkResult}
    >
      {refused.length > 0 && (
        <Stack direction="column" gap={0.5}>
          {refused.map((r) => (
            <Text key={r.id}>
              {r.id}: {r.error?.message ?? 'refused'}
            </Text>
          ))}
        </Stack>
      )}
    </Alert>
  );
}

function PlanSection({ model }: { model: StatusChangeScene }) {
  const { plan, planning, planError } = model.useState();
  if (planError) {
    return <ApiErrorAlert title="Could not plan the change" error={planError} onRetry={model.loadPlan} />;
  }
  if (!plan || planning) {
    return <LoadingPlaceholder text="Planning the change…" data-testid={testIds.tenantPlan.loading} />;
  }
  return (
    <Stack direction="column" gap={1}>
      <TenantPlanView plan={plan} />
      {plan.blocked && (
        <Alert severity="error" title="Nothing here can change">
          Every tenant in this change would be refused; close and pick another status.
        </Alert>
      )}
    </Stack>
  );
}

function StatusChangeRenderer({ model }: SceneComponentProps<StatusChangeScene>) {
  const { request, busy, error, result, plan } = model.useState();
  return (
    <>
      {result && <BulkResult result={result} onDismiss={model.dismissResult} />}
      <ReasonModal
        isOpen={Boolean(request)}
        title={request ? `Change status to ${statusLabel(request.to)}` : 'Change status'}
        description={request ? <PlanSection model={model} /> : undefined}
        confirmText={plan && plan.counts.total > 1 ? `Change ${plan.counts.change} tenants` : 'Change status'}
        busy={busy}
        submitDisabled={!plan || plan.blocked}
        error={error ? <ApiErrorDetails error={error} /> : undefined}
        onSubmit={model.submit}
        onDismiss={model.dismiss}
      />
    </>
  );
}
