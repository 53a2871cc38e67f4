import { locationService } from '@grafana/runtime';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { PermissionButton } from '../../shared/PermissionButton';
import { statusLabel } from '../../shared/StatusBadge';
import { tenantEditUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { Actions, allowedNextStatuses, type Tenant, type TenantStatus } from '../../contract';
import { EventTenantsChanged } from '../../shared/events';
import { LatestRequest } from '../../shared/latestRequest';
import { StatusChangeScene } from '../../shared/StatusChangeScene';
import { TenantFields } from './TenantFields';
import type { TenantSummaryScene } from './TenantSummaryScene';

export interface TenantOverviewSceneState extends SceneObjectState {
  tenantId: string;
  tenant?: Tenant;
  loading: boolean;
  error?: ApiRequestError;
  statusChange: StatusChangeScene;
}

/** A tenant's fields and its lifecycle actions: the legal next states as buttons. */
export class TenantOverviewScene extends SceneObjectBase<TenantOverviewSceneState> {
  static Component = TenantOverviewRenderer;
  private readonly api: SwitchyardApi;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(
    state: Pick<TenantOverviewSceneState, 'tenantId'> & Partial<TenantOverviewSceneState>,
    api: SwitchyardApi = switchyardApi,
    /** The tab's read of the tenant's jobs: when one ends, the tenant (its status) is read again. */
    private readonly jobs?: Pick<TenantSummaryScene, 'onJobEnded'>
  ) {
    super({ loading: !state.tenant, statusChange: new StatusChangeScene({}, api), ...state });
    this.api = api;
    // A record handed in (just read by the page) is shown on the first activation without reading it again.
    let fresh = state.tenant !== undefined;
    this.addActivationHandler(() => {
      const skipRead = fresh;
      fresh = false;
      return this.onActivate(skipRead);
    });
  }

  private onActivate(skipRead: boolean) {
    const sub = this.subscribeToEvent(EventTenantsChanged, () => this.load());
    const ended = this.jobs?.onJobEnded(() => this.load());
    if (!skipRead) {
      this.load();
    }
    return () => {
      sub.unsubscribe();
      ended?.unsubscribe();
      this.request.cancel();
    };
  }

  load = () =>
    this.request.run(
      () => this.api.getTenant(this.state.tenantId),
      (tenant) => this.setState({ tenant, loading: false })
    );

  changeStatus = (to: TenantStatus) => {
    this.state.statusChange.open({ ids: [this.state.tenantId], to, bulk: false });
  };
}

function Transitions({ tenant, onChange }: { tenant: Tenant; onChange: (to: TenantStatus) => void }) {
  const next = allowedNextStatuses(tenant.status);
  if (next.length === 0) {
    return (
      <Text color="secondary">{statusLabel(tenant.status)} is final: this tenant can no longer change status.</Text>
    );
  }
  return (
    <Stack direction="row" gap={1} wrap="wrap">
      {next.map((to) => (
        <PermissionButton
          key={to}
          action={Actions.tenantsWrite}
          variant={to === 'archived' || to === 'suspended' ? 'destructive' : 'secondary'}
          onClick={() => onChange(to)}
          data-testid={`${testIds.tenant.transitionPrefix}${to}`}
        >
          {`Change to ${statusLabel(to)}…`}
        </PermissionButton>
      ))}
    </Stack>
  );
}

function TenantOverviewRenderer({ model }: SceneComponentProps<TenantOverviewScene>) {
  const { tenant, loading, error, statusChange, tenantId } = model.useState();
  if (error) {
    const title = error.status === 404 ? `Tenant ${tenantId} was not found` : 'Could not load the tenant';
    return <ApiErrorAlert title={title} error={error} onRetry={model.load} />;
  }
  if (!tenant) {
    return <LoadingPlaceholder text={loading ? 'Loading tenant…' : ''} />;
  }
  return (
    <div data-testid={testIds.tenant.overview}>
      <Stack direction="column" gap={3}>
        <statusChange.Component model={statusChange} />
        <section aria-label="Lifecycle">
          <Stack direction="column" gap={1}>
            <Stack direction="row" justifyContent="space-between" alignItems="center">
              <Text element="h3" variant="h5">
                Lifecycle
              </Text>
              {tenant.status !== 'archived' && (
                <PermissionButton
                  action={Actions.tenantsWrite}
                  variant="secondary"
                  icon="pen"
                  onClick={() => locationService.push(tenantEditUrl(tenant.id))}
                  data-testid={testIds.tenantForm.editLink}
                >
                  Edit tenant
                </PermissionButton>
              )}
            </Stack>
            <Transitions tenant={tenant} onChange={model.changeStatus} />
          </Stack>
        </section>
        <TenantFields tenant={tenant} />
      </Stack>
    </div>
  );
}
