import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { newIdempotencyKey } from '../api/idempotencyKey';
import { isolationApi, type IsolationApi } from '../api/isolationApi';
import { toApiRequestError } from '../api/toApiRequestError';
import { ApiErrorDetails } from './ApiErrorAlert';
import { ReasonModal } from './ReasonModal';
import type { TenantIsolation } from '../contract';
import { EventIsolationProbed } from './events';

export interface IsolationProbeSceneState extends SceneObjectState {
  /** The tenant being re-probed; the reason modal is open while set. */
  tenantId?: string;
  busy: boolean;
  error?: ApiRequestError;
  /** The answer of the last successful re-probe. */
  result?: TenantIsolation;
}

/**
 * Re-probe with a reason: the sidecar asks the platform now and audits the request. One
 * Idempotency-Key per opened modal, so a retry after a lost answer is not probed (or audited) twice.
 * On success it publishes `EventIsolationProbed` (bubbling) so the owner reloads.
 */
export class IsolationProbeScene extends SceneObjectBase<IsolationProbeSceneState> {
  static Component = IsolationProbeRenderer;
  private readonly api: IsolationApi;
  private key = '';

  constructor(state: Partial<IsolationProbeSceneState> = {}, api: IsolationApi = isolationApi) {
    super({ busy: false, ...state });
    this.api = api;
  }

  open(tenantId: string) {
    this.key = newIdempotencyKey();
    this.setState({ tenantId, busy: false, error: undefined });
  }

  dismiss = () => {
    this.setState({ tenantId: undefined, busy: false, error: undefined });
  };

  submit = async (reason: string) => {
    const tenantId = this.state.tenantId;
    if (!tenantId || this.state.busy) {
      return;
    }
    this.setState({ busy: true, error: undefined });
    try {
      const result = await this.api.probeTenantIsolation(tenantId, reason, this.key);
      this.setState({ tenantId: undefined, busy: false, result });
      this.publishEvent(new EventIsolationProbed({ tenantId }), true);
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };
}

function IsolationProbeRenderer({ model }: SceneComponentProps<IsolationProbeScene>) {
  const { tenantId, busy, error } = model.useState();
  return (
    <ReasonModal
      isOpen={Boolean(tenantId)}
      title={`Re-probe isolation of ${tenantId ?? 'tenant'}`}
      description="Switchyard asks the platform's runtime isolation API for this tenant now. Nothing on the tenant changes; the request is recorded in the audit trail."
      confirmText="Re-probe"
      busy={busy}
      error={error ? <ApiErrorDetails error={error} /> : undefined}
      onSubmit={model.submit}
      onDismiss={model.dismiss}
    />
  );
}
