import { Stack, Text } from '@grafana/ui';
import React from 'react';
import type { Environment, PlatformHealth } from '../../contract';
import { HealthBadge } from '../../shared/JobStatusBadge';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimeAgo } from '../../shared/timestamps';
import { RestartScaleButtons, WorkloadButton } from '../../shared/WorkloadActionScene';
import { PodHealthTable, SnapshotProblems } from '../../shared/PlatformHealthParts';

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

/**
 * One environment's snapshot: state, last check and stale mark, auth, deployments (with restart and
 * scale), cron jobs with their last runs, and the pods that are not healthy.
 */
export function EnvironmentHealthView({
  health,
  onRestart,
  onScale,
  onRotateSecret,
}: {
  health: PlatformHealth;
  onRestart(env: Environment, deployment: string): void;
  onScale(env: Environment, d: PlatformHealth['deployments'][number]): void;
  onRotateSecret(env: Environment): void;
}) {
  const tableClass = useDataTableClass();
  const env = health.environment;
  const troubled = health.pods.filter((p) => p.state !== 'healthy');
  return (
    <section aria-label={`Platform health of ${env}`} data-testid={testIds.operations.health} data-environment={env}>
      <Stack direction="column" gap={1.5}>
        <Stack direction="row" gap={1} alignItems="center">
          <Text element="h3" variant="h5">
            {env}
          </Text>
          <HealthBadge state={health.state} testId={testIds.operations.healthState} />
          <WorkloadButton onClick={() => onRotateSecret(env)} testId={testIds.operations.rotateSecret}>
            Rotate a secret…
          </WorkloadButton>
          <Text color="secondary">
            namespace {health.namespace} · checked {formatTimeAgo(health.checkedAt)} · pods {health.counts.pods.healthy}{' '}
            healthy, {health.counts.pods.unhealthy} unhealthy, {health.counts.pods.pending} pending
          </Text>
        </Stack>
        <SnapshotProblems health={health} staleTestId={testIds.operations.healthStale} />
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
                  <RestartScaleButtons
                    deployment={d.name}
                    onRestart={() => onRestart(env, d.name)}
                    onScale={() => onScale(env, d)}
                    testIdPrefixes={{
                      restart: testIds.operations.restartPrefix,
                      scale: testIds.operations.scalePrefix,
                    }}
                  />
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
          <PodHealthTable pods={troubled} caption="Pods that are not healthy" rowTestId={testIds.operations.podRow} />
        )}
      </Stack>
    </section>
  );
}
