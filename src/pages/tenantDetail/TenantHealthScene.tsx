import type { SceneComponentProps } from '@grafana/scenes';
import { LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { placementApi, type PlacementApi } from '../../api/placementApi';
import {
  compareHealth,
  worstHealth,
  type DeploymentHealth,
  type HealthState,
  type PlatformHealth,
  type PlatformHealthOverview,
  type PodHealth,
  type ServiceKind,
  type TenantPlacement,
} from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { HealthBadge } from '../../shared/JobStatusBadge';
import { Link } from '../../shared/Link';
import type { RefreshInterval } from '../../shared/liveRefresh';
import { LiveScene, type LiveSceneState } from '../../shared/LiveScene';
import { ListRefreshPicker } from '../../shared/RefreshPicker';
import { shardUrl } from '../../shared/routing';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimeAgo } from '../../shared/timestamps';
import { PodHealthTable, SnapshotProblems } from '../../shared/PlatformHealthParts';
import { RestartScaleButtons, WorkloadActionScene } from '../../shared/WorkloadActionScene';

/** URL key of the tab's refresh interval. */
export const TENANT_HEALTH_REFRESH_KEY = 'healthRefresh';
const DEFAULT_REFRESH: RefreshInterval = '30s';

/** One service kind the tenant is placed on: its shard's deployment as Kubernetes reports it, and its pods. */
export interface ServingHealth {
  kind: ServiceKind;
  deployment: string;
  /** Null when the platform's namespace has no deployment of that name. */
  health: DeploymentHealth | null;
  pods: PodHealth[];
  state: HealthState;
}

export interface TenantHealth {
  /** The snapshot of the tenant's environment; null when the user may not see it or it is not watched. */
  snapshot: PlatformHealth | null;
  serving: ServingHealth[];
  /** Worst of the deployments serving the tenant; unknown without a snapshot or a placement. */
  state: HealthState;
}

/**
 * What serves a tenant and how it is: for each service kind it is placed on, the deployment of that
 * shard (one deployment per shard) and its pods, from the snapshot of the tenant's environment;
 * worst first.
 */
export function tenantHealth(placement: TenantPlacement, overview: PlatformHealthOverview): TenantHealth {
  const snapshot = overview.environments.find((e) => e.environment === placement.environment) ?? null;
  const serving = placement.kinds
    .flatMap(({ kind, assignment }): ServingHealth[] => {
      if (!assignment) return [];
      const deployment = assignment.shardId;
      const health = snapshot?.deployments.find((d) => d.name === deployment) ?? null;
      const pods = (snapshot?.pods ?? []).filter((p) => p.owner === deployment).sort(compareHealth);
      // A deployment the platform does not report is unknown; so is everything of a snapshot that could not be read.
      const state: HealthState = health && !snapshot?.error ? health.state : 'unknown';
      return [{ kind, deployment, health, pods, state }];
    })
    .sort((a, b) => compareHealth({ state: a.state, name: a.deployment }, { state: b.state, name: b.deployment }));
  return {
    snapshot,
    serving,
    state: snapshot && serving.length > 0 ? worstHealth(serving.map((s) => s.state)) : 'unknown',
  };
}

export interface TenantHealthSceneState extends LiveSceneState {
  tenantId: string;
  placement?: TenantPlacement;
  overview?: PlatformHealthOverview;
  error?: ApiRequestError;
  /** Restart and scale of a deployment serving the tenant, through the shared action flow. */
  workload: WorkloadActionScene;
}

/**
 * The tenant's Health tab, under its traffic graphs: the deployments serving it (one per shard it is
 * placed on) as Kubernetes reports them, with restart and scale, and their pods, worst first. It
 * refreshes on the interval the user picks (in the URL), like the operations hub's platform health.
 */
export class TenantHealthScene extends LiveScene<TenantHealthSceneState> {
  static Component = TenantHealthRenderer;

  constructor(
    state: Pick<TenantHealthSceneState, 'tenantId'> & Partial<TenantHealthSceneState>,
    private readonly apis: { placement?: Pick<PlacementApi, 'getTenantPlacement'>; operations?: OperationsApi } = {}
  ) {
    super(
      {
        refresh: DEFAULT_REFRESH,
        refreshFailures: 0,
        ...state,
        workload:
          state.workload ??
          new WorkloadActionScene({ source: { kind: 'page', ref: `tenants/${state.tenantId}` } }, apis.operations),
      },
      TENANT_HEALTH_REFRESH_KEY,
      DEFAULT_REFRESH
    );
  }

  /** Reads the placement and the platform health together; what is shown stays while it loads. */
  load = (): Promise<boolean> =>
    this.loadLatest(
      () =>
        Promise.all([
          (this.apis.placement ?? placementApi).getTenantPlacement(this.state.tenantId),
          (this.apis.operations ?? operationsApi).getPlatformHealth(),
        ]),
      ([placement, overview]) => ({ placement, overview, error: undefined }),
      (error) => ({ error })
    );

  restart = (s: ServingHealth) => {
    const environment = this.state.placement?.environment;
    if (environment) {
      this.state.workload.restart({ environment, deployment: s.deployment, tenantId: this.state.tenantId });
    }
  };

  scale = (s: ServingHealth) => {
    const environment = this.state.placement?.environment;
    if (environment) {
      this.state.workload.openScale({
        environment,
        deployment: s.deployment,
        tenantId: this.state.tenantId,
        ...(s.health
          ? { replicas: s.health.desired, minReplicas: s.health.minReplicas, maxReplicas: s.health.maxReplicas }
          : {}),
      });
    }
  };
}

function podCounts(pods: PodHealth[]): string {
  if (pods.length === 0) return 'none listed';
  const healthy = pods.filter((p) => p.state === 'healthy').length;
  const restarts = pods.reduce((n, p) => n + p.restarts, 0);
  return `${healthy}/${pods.length} healthy${restarts > 0 ? `, ${restarts} restart${restarts === 1 ? '' : 's'}` : ''}`;
}

function ServingTable({ model, health }: { model: TenantHealthScene; health: TenantHealth }) {
  const tableClass = useDataTableClass();
  return (
    <table className={tableClass} data-testid={testIds.tenantHealth.deployments}>
      <caption style={{ textAlign: 'left' }}>Deployments serving this tenant (one per shard it is placed on)</caption>
      <thead>
        <tr>
          <th>State</th>
          <th>Service</th>
          <th>Shard (deployment)</th>
          <th>Ready</th>
          <th>Version</th>
          <th>Pods</th>
          <th>Reason</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {health.serving.map((s) => (
          <tr
            key={s.kind}
            data-testid={testIds.tenantHealth.deploymentRow}
            data-deployment={s.deployment}
            data-state={s.state}
          >
            <td>
              <HealthBadge state={s.state} />
            </td>
            <td>{s.kind}</td>
            <td>
              <Link to={shardUrl(s.deployment)}>{s.deployment}</Link>
            </td>
            <td>{s.health ? `${s.health.ready}/${s.health.desired} ready` : '—'}</td>
            <td>{s.health?.version ?? '—'}</td>
            <td>{podCounts(s.pods)}</td>
            <td>
              {s.health
                ? (s.health.reason ?? '')
                : `The platform reports no deployment ${s.deployment} in ${health.snapshot?.namespace ?? 'its namespace'}.`}
            </td>
            <td>
              <RestartScaleButtons
                deployment={s.deployment}
                onRestart={() => model.restart(s)}
                onScale={() => model.scale(s)}
                testIdPrefixes={{
                  restart: testIds.tenantHealth.restartPrefix,
                  scale: testIds.tenantHealth.scalePrefix,
                }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SnapshotLine({ snapshot }: { snapshot: PlatformHealth }) {
  return (
    <Stack direction="column" gap={1}>
      <Text color="secondary">
        {`${snapshot.environment} · namespace ${snapshot.namespace} · checked ${formatTimeAgo(snapshot.checkedAt)}`}
      </Text>
      <SnapshotProblems health={snapshot} staleTestId={testIds.tenantHealth.stale} />
    </Stack>
  );
}

/** The pods of the deployments serving the tenant, worst first, with the service each serves. */
function ServingPods({ serving }: { serving: ServingHealth[] }) {
  const kindOf = new Map(serving.flatMap((s) => s.pods.map((p) => [p.name, s.kind] as const)));
  const pods = serving.flatMap((s) => s.pods).sort(compareHealth);
  if (pods.length === 0) {
    return <Text color="secondary">The snapshot lists no pod of these deployments.</Text>;
  }
  return (
    <PodHealthTable
      pods={pods}
      caption="Their pods, worst first"
      rowTestId={testIds.tenantHealth.podRow}
      serviceOf={(p) => kindOf.get(p.name) ?? ''}
    />
  );
}

function TenantHealthRenderer({ model }: SceneComponentProps<TenantHealthScene>) {
  const { placement, overview, error, workload } = model.useState();
  if (!placement || !overview) {
    return error ? (
      <ApiErrorAlert title="Could not load the health of the tenant's deployments" error={error} onRetry={model.load} />
    ) : (
      <LoadingPlaceholder text="Loading health…" />
    );
  }
  const health = tenantHealth(placement, overview);
  let body: React.ReactNode;
  if (!placement.environment) {
    body = <Text color="secondary">The platform does not know this tenant yet: nothing serves it.</Text>;
  } else if (health.serving.length === 0) {
    body = <Text color="secondary">No shard serves this tenant yet: there are no deployments to watch.</Text>;
  } else if (!health.snapshot) {
    body = (
      <Text color="secondary">
        {`Platform health of ${placement.environment} is not watched, or not yours to see: the deployments serving this tenant cannot be shown.`}
      </Text>
    );
  } else {
    body = (
      <Stack direction="column" gap={2}>
        <SnapshotLine snapshot={health.snapshot} />
        <ServingTable model={model} health={health} />
        <ServingPods serving={health.serving} />
      </Stack>
    );
  }
  return (
    <section aria-label="Serving health" data-testid={testIds.tenantHealth.section} data-state={health.state}>
      <Stack direction="column" gap={1.5}>
        <Stack direction="row" gap={1} alignItems="center" justifyContent="space-between" wrap="wrap">
          <Stack direction="row" gap={1} alignItems="center">
            <Text element="h3" variant="h5">
              What serves this tenant
            </Text>
            <HealthBadge state={health.state} testId={testIds.tenantHealth.state} />
          </Stack>
          <ListRefreshPicker list={model} what="the tenant's health" />
        </Stack>
        {error && (
          <ApiErrorAlert
            title="The last refresh failed; showing the previous read"
            error={error}
            onRetry={model.load}
          />
        )}
        {body}
      </Stack>
      <workload.Component model={workload} />
    </section>
  );
}
