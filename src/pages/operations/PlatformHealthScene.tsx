import { locationService } from '@grafana/runtime';
import type { SceneComponentProps } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { HealthBadge } from '../../shared/JobStatusBadge';
import { testIds } from '../../shared/testIds';
import type { PlatformHealth } from '../../contract';
import { useDataTableClass } from '../../shared/tableStyles';
import { formatTimeAgo } from '../../shared/timestamps';

import type { RefreshInterval } from '../../shared/liveRefresh';
import { LiveScene, type LiveSceneState } from '../../shared/LiveScene';
import { RefreshPicker } from '../../shared/RefreshPicker';
import { WorkloadActionScene, WorkloadButton } from '../../shared/WorkloadActionScene';

/** `72` → `1 min 12 s`. */
export function formatDurationSeconds(s: number): string {
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** One run in words: outcome, start, duration, exit code and the reason of a failure. */
export function runSummary(r: PlatformHealth['cronJobs'][number]['runs'][number]): string {
  const mark = r.outcome === 'succeeded' ? '✓ succeeded' : r.outcome === 'failed' ? '✗ failed' : '… running';
  const parts = [mark];
  if (r.startedAt) parts.push(`started ${formatTimeAgo(r.startedAt)}`);
  if (r.durationSeconds !== null && r.durationSeconds !== undefined)
    parts.push(`took ${formatDurationSeconds(r.durationSeconds)}`);
  if (r.exitCode !== null && r.exitCode !== undefined) parts.push(`exit ${r.exitCode}`);
  if (r.reason) parts.push(r.reason);
  return parts.join(' · ');
}

/** URL key of the health table's refresh interval (the jobs list on the same page has `refresh`). */
export const HEALTH_REFRESH_KEY = 'healthRefresh';
const DEFAULT_REFRESH: RefreshInterval = '30s';

export interface PlatformHealthSceneState extends LiveSceneState {
  health?: PlatformHealth;
  /** Scale and secret rotation forms, then the shared action flow. */
  workload: WorkloadActionScene;
  error?: ApiRequestError;
}

/** Kubernetes health of the platform namespace (sidecar snapshot), refreshed while shown. */
export class PlatformHealthScene extends LiveScene<PlatformHealthSceneState> {
  static Component = PlatformHealthRenderer;
  private readonly api: OperationsApi;

  constructor(state: Partial<PlatformHealthSceneState> = {}, api: OperationsApi = operationsApi) {
    super(
      {
        refresh: DEFAULT_REFRESH,
        refreshFailures: 0,
        ...state,
        workload: state.workload ?? new WorkloadActionScene({ source: { kind: 'page', ref: 'operations' } }, api),
      },
      HEALTH_REFRESH_KEY,
      DEFAULT_REFRESH
    );
    this.api = api;
  }

  /** Loads the snapshot; the table stays while it loads. Resolves false when it failed. */
  load = async (): Promise<boolean> => {
    try {
      this.setState({ health: await this.api.getPlatformHealth(), error: undefined, refreshFailures: 0 });
      return true;
    } catch (e) {
      this.setState({ error: toApiRequestError(e), refreshFailures: this.state.refreshFailures + 1 });
      return false;
    }
  };

  /** Opens the scale form of a deployment of the watched namespace, with its replicas and allowed range. */
  scale = (d: PlatformHealth['deployments'][number]) => {
    const env = this.state.health?.environment;
    if (env) {
      this.state.workload.openScale({
        environment: env,
        deployment: d.name,
        replicas: d.desired,
        minReplicas: d.minReplicas,
        maxReplicas: d.maxReplicas,
      });
    }
  };

  rotateSecret = () => {
    const env = this.state.health?.environment;
    if (env) {
      this.state.workload.openRotate({ environment: env });
    }
  };

  /** Opens the restart preflight through the URL (`?action=restart&target=<env>/<deployment>`), like alert links. */
  restart = (deployment: string) => {
    const env = this.state.health?.environment;
    if (env) {
      locationService.partial({ action: 'restart', target: `${env}/${deployment}` });
    }
  };
}

function PlatformHealthRenderer({ model }: SceneComponentProps<PlatformHealthScene>) {
  const { health, error, refresh, refreshFailures, workload } = model.useState();
  const tableClass = useDataTableClass();
  if (!health) {
    return error ? (
      <ApiErrorAlert title="Could not load platform health" error={error} onRetry={model.load} />
    ) : (
      <LoadingPlaceholder text="Loading health…" />
    );
  }
  const troubled = health.pods.filter((p) => p.state !== 'healthy');
  return (
    <section aria-label="Platform health" data-testid={testIds.operations.health}>
      <Stack direction="column" gap={1.5}>
        <workload.Component model={workload} />
        <Stack direction="row" justifyContent="flex-end" gap={1}>
          <WorkloadButton onClick={model.rotateSecret} testId={testIds.operations.rotateSecret}>
            Rotate a secret…
          </WorkloadButton>
          <RefreshPicker
            value={refresh}
            onChange={model.setRefresh}
            failures={refreshFailures}
            what="platform health"
          />
        </Stack>
        <Stack direction="row" gap={1} alignItems="center">
          <HealthBadge state={health.state} testId={testIds.operations.healthState} />
          <Text color="secondary">
            namespace {health.namespace} · checked {formatTimeAgo(health.checkedAt)} · pods {health.counts.pods.healthy}{' '}
            healthy, {health.counts.pods.unhealthy} unhealthy, {health.counts.pods.pending} pending
          </Text>
          {health.stale && (
            <span data-testid={testIds.operations.healthStale}>
              <Text color="warning">
                stale: last good read {formatTimeAgo(health.lastSuccessAt)}
                {health.refreshIntervalSeconds ? ` (refreshed every ${health.refreshIntervalSeconds} s)` : ''}
              </Text>
            </span>
          )}
        </Stack>
        {health.error && (
          <Alert severity="warning" title={`Health is unknown: ${health.error.message}`}>
            {health.stale
              ? `Showing the last good read (${formatTimeAgo(health.lastSuccessAt)}) with every state unknown.`
              : 'Nothing has been read yet.'}
          </Alert>
        )}
        {health.auth && (
          <Stack direction="row" gap={1} alignItems="center">
            <span data-testid={testIds.operations.healthAuth} data-state={health.auth.state}>
              <HealthBadge state={health.auth.state} />
            </span>
            <Text>Kubernetes API authentication</Text>
            <Text color="secondary">
              last checked {formatTimeAgo(health.auth.checkedAt)} · last authenticated{' '}
              {formatTimeAgo(health.auth.lastSuccessAt)}
              {health.auth.reason ? ` · ${health.auth.reason}` : ''}
            </Text>
          </Stack>
        )}
        <table className={tableClass}>
          <caption style={{ textAlign: 'left' }}>Deployments</caption>
          <thead>
            <tr>
              <th>State</th>
              <th>Deployment</th>
              <th>Ready</th>
              <th>Version</th>
              <th>Reason</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {health.deployments.length === 0 && (
              <tr>
                <td colSpan={6}>
                  <Text color="secondary">{`No deployments in ${health.namespace}.`}</Text>
                </td>
              </tr>
            )}
            {health.deployments.map((d) => (
              <tr key={d.name} data-testid={testIds.operations.deploymentRow} data-name={d.name} data-state={d.state}>
                <td>
                  <HealthBadge state={d.state} />
                </td>
                <td>{d.name}</td>
                <td>
                  {d.ready}/{d.desired} ready
                  <Text color="secondary" variant="bodySmall">{` (allowed ${d.minReplicas}–${d.maxReplicas})`}</Text>
                </td>
                <td>{d.version ?? ''}</td>
                <td>{d.reason ?? ''}</td>
                <td>
                  <WorkloadButton
                    onClick={() => model.restart(d.name)}
                    testId={`${testIds.operations.restartPrefix}${d.name}`}
                  >
                    Restart…
                  </WorkloadButton>{' '}
                  <WorkloadButton onClick={() => model.scale(d)} testId={`${testIds.operations.scalePrefix}${d.name}`}>
                    Scale…
                  </WorkloadButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className={tableClass}>
          <caption style={{ textAlign: 'left' }}>Cron jobs (last 5 runs, newest first)</caption>
          <thead>
            <tr>
              <th>State</th>
              <th>Cron job</th>
              <th>Schedule</th>
              <th>Last success</th>
              <th>Last runs</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {health.cronJobs.map((c) => (
              <tr key={c.name} data-testid={testIds.operations.cronRow} data-name={c.name} data-state={c.state}>
                <td>
                  <HealthBadge state={c.state} />
                </td>
                <td>{c.name}</td>
                <td>{c.schedule}</td>
                <td>
                  last success {formatTimeAgo(c.lastSuccessAt)} (window {c.windowMinutes} min)
                </td>
                <td aria-label="Last runs">
                  {c.runs.length === 0 ? (
                    <Text color="secondary">no runs recorded</Text>
                  ) : (
                    <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                      {c.runs.map((r) => (
                        <li
                          key={r.name}
                          data-testid={testIds.operations.cronRun}
                          data-outcome={r.outcome}
                          title={r.name}
                        >
                          {runSummary(r)}
                        </li>
                      ))}
                    </ol>
                  )}
                </td>
                <td>{c.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {troubled.length > 0 && (
          <table className={tableClass}>
            <caption style={{ textAlign: 'left' }}>Pods that are not healthy</caption>
            <thead>
              <tr>
                <th>State</th>
                <th>Pod</th>
                <th>Phase</th>
                <th>Containers</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {troubled.map((p) => (
                <tr key={p.name} data-testid={testIds.operations.podRow} data-name={p.name} data-state={p.state}>
                  <td>
                    <HealthBadge state={p.state} />
                  </td>
                  <td>{p.name}</td>
                  <td>{p.phase}</td>
                  <td>
                    {p.readyContainers}/{p.containers} ready · {p.restarts} restarts
                  </td>
                  <td>{p.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Stack>
    </section>
  );
}
