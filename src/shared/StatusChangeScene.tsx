import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Stack, Text } from '@grafana/ui';
import React from 'react';
import { ApiRequestError } from '../api/ApiRequestError';
import { switchyardApi, type SwitchyardApi } from '../api/switchyardApi';
import { toApiRequestError } from '../api/toApiRequestError';
import { ApiErrorDetails } from './ApiErrorAlert';
import { ReasonModal } from './ReasonModal';
import { statusLabel } from './StatusBadge';
import { testIds } from './testIds';
import type { BulkStatusResult, TenantStatus } from '../contract';
import { EventTenantsChanged } from './events';

export interface StatusChangeRequest {
  ids: string[];
  to: TenantStatus;
  /** Use the bulk endpoint (one reason for all, a result per tenant). */
  bulk: boolean;
}

export interface StatusChangeSceneState extends SceneObjectState {
  /** The change being confirmed; the reason modal is open while set. */
  request?: StatusChangeRequest;
  busy: boolean;
  error?: ApiRequestError;
  /** Outcome of the last bulk change, shown until dismissed. */
  result?: BulkStatusResult;
}

/**
 * The confirm-with-a-reason flow for tenant status changes, single or bulk. On success it
 * publishes `EventTenantsChanged` (bubbling) so the owning list or detail view reloads; a
 * refusal (e.g. 409 with the allowed states) stays in the modal with its request id.
 */
export class StatusChangeScene extends SceneObjectBase<StatusChangeSceneState> {
  static Component = StatusChangeRenderer;
  private readonly api: SwitchyardApi;

  constructor(state: Partial<StatusChangeSceneState> = {}, api: SwitchyardApi = switchyardApi) {
    super({ busy: false, ...state });
    this.api = api;
  }

  open(request: StatusChangeRequest) {
    this.setState({ request, error: undefined, busy: false });
  }

  dismiss = () => {
    this.setState({ request: undefined, error: undefined, busy: false });
  };

  dismissResult = () => {
    this.setState({ result: undefined });
  };

  submit = async (reason: string) => {
    const request = this.state.request;
    if (!request || this.state.busy) {
      return;
    }
    this.setState({ busy: true, error: undefined });
    try {
      let result: BulkStatusResult | undefined;
      if (request.bulk) {
        result = await this.api.bulkTenantStatus(request.ids, request.to, reason);
      } else {
        await this.api.changeTenantStatus(request.ids[0], request.to, reason);
      }
      this.setState({ request: undefined, busy: false, result });
      this.publishEvent(new EventTenantsChanged({ ids: request.ids }), true);
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };
}

function describe(request: StatusChangeRequest): string {
  const target = request.ids.length === 1 ? `tenant ${request.ids[0]}` : `${request.ids.length} tenants`;
  return `Move ${target} to ${statusLabel(request.to)}.`;
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

function StatusChangeRenderer({ model }: SceneComponentProps<StatusChangeScene>) {
  const { request, busy, error, result } = model.useState();
  return (
    <>
      {result && <BulkResult result={result} onDismiss={model.dismissResult} />}
      <ReasonModal
        isOpen={Boolean(request)}
        title={request ? `Change status to ${statusLabel(request.to)}` : 'Change status'}
        description={request ? describe(request) : undefined}
        confirmText="Change status"
        busy={busy}
        error={error ? <ApiErrorDetails error={error} /> : undefined}
        onSubmit={model.submit}
        onDismiss={model.dismiss}
      />
    </>
  );
}
