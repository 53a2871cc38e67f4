import { locationService } from '@grafana/runtime';
import type { SceneComponentProps } from '@grafana/scenes';
import { LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import type { Environment, PlatformHealth, PlatformHealthOverview } from '../../contract';
import type { RefreshInterval } from '../../shared/liveRefresh';
import { LiveScene, type LiveSceneState } from '../../shared/LiveScene';
import { ListRefreshPicker } from '../../shared/RefreshPicker';
import { WorkloadActionScene } from '../../shared/WorkloadActionScene';
import { EnvironmentHealthView } from './EnvironmentHealthView';

/** URL key of the health table's refresh interval (the jobs list on the same page has `refresh`). */
export const HEALTH_REFRESH_KEY = 'healthRefresh';
const DEFAULT_REFRESH: RefreshInterval = '30s';

export interface PlatformHealthSceneState extends LiveSceneState {
  /** Every environment the user may see, each its own snapshot. */
  health?: PlatformHealthOverview;
  /** The hub's environment filter (none selected: every environment). */
  environments: Environment[];
  /** Scale and secret rotation forms, then the shared action flow. */
  workload: WorkloadActionScene;
  error?: ApiRequestError;
}

/** Kubernetes health of every environment the user may see (sidecar snapshots), refreshed while shown; the hub's environment filter picks which are shown. */
export class PlatformHealthScene extends LiveScene<PlatformHealthSceneState> {
  static Component = PlatformHealthRenderer;
  private readonly api: OperationsApi;

  constructor(state: Partial<PlatformHealthSceneState> = {}, api: OperationsApi = operationsApi) {
    super(
      {
        refresh: DEFAULT_REFRESH,
        refreshFailures: 0,
        environments: [],
        ...state,
        workload: state.workload ?? new WorkloadActionScene({ source: { kind: 'page', ref: 'operations' } }, api),
      },
      HEALTH_REFRESH_KEY,
      DEFAULT_REFRESH
    );
    this.api = api;
  }

  /** Loads the snapshot; the table stays while it loads. Resolves false when it failed. */
  load = (): Promise<boolean> =>
    this.loadLatest(
      () => this.api.getPlatformHealth(),
      (health) => ({ health, error: undefined }),
      (error) => ({ error })
    );

  /** The hub's environment filter chose other environments: shown from the snapshots already loaded. */
  setEnvironments = (environments: Environment[]) => {
    if (environments.join(',') !== this.state.environments.join(',')) this.setState({ environments });
  };

  /** Opens the scale form of a deployment of an environment, with its replicas and allowed range. */
  scale = (environment: Environment, d: PlatformHealth['deployments'][number]) => {
    this.state.workload.openScale({
      environment,
      deployment: d.name,
      replicas: d.desired,
      minReplicas: d.minReplicas,
      maxReplicas: d.maxReplicas,
    });
  };

  rotateSecret = (environment: Environment) => {
    this.state.workload.openRotate({ environment });
  };

  /** Opens the restart preflight through the URL (`?action=restart&target=<env>/<deployment>`), like alert links. */
  restart = (environment: Environment, deployment: string) => {
    locationService.partial({ action: 'restart', target: `${environment}/${deployment}` });
  };
}

function PlatformHealthRenderer({ model }: SceneComponentProps<PlatformHealthScene>) {
  const { health, error, workload, environments } = model.useState();
  if (!health) {
    return error ? (
      <ApiErrorAlert title="Could not load platform health" error={error} onRetry={model.load} />
    ) : (
      <LoadingPlaceholder text="Loading health…" />
    );
  }
  const shown = shownEnvironments(health, environments);
  return (
    <Stack direction="column" gap={2}>
      <workload.Component model={workload} />
      <Stack direction="row" justifyContent="flex-end" gap={1}>
        <ListRefreshPicker list={model} what="platform health" />
      </Stack>
      {shown.length === 0 && (
        <Text color="secondary">
          {health.environments.length === 0
            ? 'No environment of yours is watched: platform health covers the environments of your tenants.'
            : `No platform health for ${environments.join(', ')}: you may see ${health.environments.map((e) => e.environment).join(', ')}.`}
        </Text>
      )}
      {shown.map((h) => (
        <EnvironmentHealthView
          key={h.environment}
          health={h}
          onRestart={model.restart}
          onScale={model.scale}
          onRotateSecret={model.rotateSecret}
        />
      ))}
    </Stack>
  );
}

/** Worst first: what needs an operator comes before what is fine. */
const SEVERITY: Record<PlatformHealth['state'], number> = { unhealthy: 0, unknown: 1, pending: 2, healthy: 3 };

/**
 * The environments to show: those of the hub's environment filter (all when none), worst state first
 * (an unhealthy prod is not below fifty healthy dev rows); equal states keep the sidecar's order.
 */
export function shownEnvironments(
  health: PlatformHealthOverview,
  environments: readonly Environment[]
): PlatformHealth[] {
  const shown =
    environments.length === 0
      ? health.environments
      : health.environments.filter((e) => environments.includes(e.environment));
  return [...shown].sort((a, b) => SEVERITY[a.state] - SEVERITY[b.state]);
}
