import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import type { OperationsApi } from '../../api/operationsApi';
import { placementApi, type PlacementApi } from '../../api/placementApi';
import type { TenantPlacement } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { LatestRequest } from '../../shared/latestRequest';
import { Link } from '../../shared/Link';
import { shardUrl } from '../../shared/routing';
import { useDataTableClass } from '../../shared/tableStyles';
import { formatTimeAgo, formatTimestamp } from '../../shared/timestamps';
import { testIds } from '../../shared/testIds';
import { RestartScaleButtons, WorkloadActionScene, WorkloadButton } from '../../shared/WorkloadActionScene';

export interface TenantWorkloadsSceneState extends SceneObjectState {
  tenantId: string;
  placement?: TenantPlacement;
  loading: boolean;
  error?: ApiRequestError;
  workload: WorkloadActionScene;
}

/** The deployments serving a tenant: the shard of each service kind it is placed on (one deployment per shard). */
export function servingDeployments(p: TenantPlacement): Array<{ kind: string; deployment: string }> {
  return p.kinds.flatMap((k) => (k.assignment ? [{ kind: k.kind, deployment: k.assignment.shardId }] : []));
}

/** The tenant's database credentials as the platform names them (`tenant-<id>-db`, key `dsn`: a DSN). */
export const tenantDbSecret = (tenantId: string) => `tenant-${tenantId}-db`;

/**
 * The tenant page's workloads: restart or scale a deployment that serves the tenant, refresh the
 * credentials it reads, rotate a secret in its environment, each through the shared action flow (the
 * job records the tenant).
 */
export class TenantWorkloadsScene extends SceneObjectBase<TenantWorkloadsSceneState> {
  static Component = TenantWorkloadsRenderer;
  private readonly placements: PlacementApi;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(
    state: Pick<TenantWorkloadsSceneState, 'tenantId'> & Partial<TenantWorkloadsSceneState>,
    apis: { placement?: PlacementApi; operations?: OperationsApi } = {}
  ) {
    super({
      loading: false,
      ...state,
      workload:
        state.workload ??
        new WorkloadActionScene({ source: { kind: 'page', ref: `tenants/${state.tenantId}` } }, apis.operations),
    });
    this.placements = apis.placement ?? placementApi;
    this.addActivationHandler(() => {
      void this.load();
      return this.request.cancel;
    });
  }

  load = () =>
    this.request.run(
      () => this.placements.getTenantPlacement(this.state.tenantId),
      (placement) => this.setState({ placement, loading: false })
    );

  private ref(deployment: string) {
    const environment = this.state.placement?.environment;
    return environment ? { environment, deployment, tenantId: this.state.tenantId } : undefined;
  }

  restart = (deployment: string) => {
    const ref = this.ref(deployment);
    if (ref) {
      this.state.workload.restart(ref);
    }
  };

  scale = (deployment: string) => {
    const ref = this.ref(deployment);
    if (ref) {
      this.state.workload.openScale(ref);
    }
  };

  /** Refresh the tenant's database credentials read by `deployment` (the form starts on the tenant's DSN secret). */
  refresh = (deployment: string) => {
    const ref = this.ref(deployment);
    if (ref) {
      this.state.workload.openRefresh(ref, tenantDbSecret(this.state.tenantId), 'dsn', 'url-password');
    }
  };

  rotate = () => {
    const environment = this.state.placement?.environment;
    if (environment) {
      this.state.workload.openRotate({ environment, tenantId: this.state.tenantId });
    }
  };
}

function TenantWorkloadsRenderer({ model }: SceneComponentProps<TenantWorkloadsScene>) {
  const { placement, loading, error, workload } = model.useState();
  const tableClass = useDataTableClass();
  let body: React.ReactNode;
  if (error) {
    body = <ApiErrorAlert title="Could not load the tenant's deployments" error={error} onRetry={model.load} />;
  } else if (!placement) {
    body = loading ? <LoadingPlaceholder text="Loading deployments…" /> : null;
  } else if (!placement.environment) {
    body = <Text color="secondary">The platform does not know this tenant yet: no deployments to act on.</Text>;
  } else {
    const placed = servingDeployments(placement);
    body = (
      <Stack direction="column" gap={1}>
        {placed.length === 0 && (
          <Text color="secondary">No shard serves this tenant yet: no deployments to restart or scale.</Text>
        )}
        <table className={tableClass}>
          <caption
            style={{ textAlign: 'left' }}
          >{`Shards serving this tenant (${placement.environment}); each shard is one deployment`}</caption>
          <thead>
            <tr>
              <th>Service</th>
              <th>Shard (deployment)</th>
              <th>Placed</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {placement.kinds.map(({ kind, assignment }) =>
              assignment ? (
                <tr key={kind} data-testid={testIds.tenantWorkloads.row} data-deployment={assignment.shardId}>
                  <td>{kind}</td>
                  <td>
                    <Link to={shardUrl(assignment.shardId)}>{assignment.shardId}</Link>
                  </td>
                  <td>
                    <span title={formatTimestamp(assignment.updatedAt)}>{formatTimeAgo(assignment.updatedAt)}</span>
                    <Text color="secondary" variant="bodySmall">{` revision ${assignment.revision}`}</Text>
                  </td>
                  <td>
                    <RestartScaleButtons
                      deployment={assignment.shardId}
                      onRestart={() => model.restart(assignment.shardId)}
                      onScale={() => model.scale(assignment.shardId)}
                      testIdPrefixes={{
                        restart: testIds.tenantWorkloads.restartPrefix,
                        scale: testIds.tenantWorkloads.scalePrefix,
                      }}
                    />{' '}
                    <WorkloadButton
                      onClick={() => model.refresh(assignment.shardId)}
                      testId={`${testIds.tenantWorkloads.refreshPrefix}${assignment.shardId}`}
                    >
                      Refresh credentials…
                    </WorkloadButton>
                  </td>
                </tr>
              ) : (
                <tr key={kind} data-testid={testIds.tenantWorkloads.unplacedRow} data-kind={kind}>
                  <td>{kind}</td>
                  <td colSpan={3}>
                    <Text color="secondary">Not placed: no shard of this kind serves the tenant.</Text>
                  </td>
                </tr>
              )
            )}
          </tbody>
        </table>
        <div>
          <WorkloadButton onClick={model.rotate} testId={testIds.tenantWorkloads.rotate}>
            Rotate a secret…
          </WorkloadButton>
        </div>
      </Stack>
    );
  }
  return (
    <section aria-label="Placement and workloads" data-testid={testIds.tenantWorkloads.section}>
      <Stack direction="column" gap={1}>
        <Text element="h3" variant="h5">
          Placement and workloads
        </Text>
        {body}
      </Stack>
      <workload.Component model={workload} />
    </section>
  );
}
