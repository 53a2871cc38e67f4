import { Alert, Text } from '@grafana/ui';
import React from 'react';
import type { PlatformHealth, PodHealth } from '../contract';
import { HealthBadge } from './JobStatusBadge';
import { useDataTableClass } from './tableStyles';
import { formatTimeAgo, formatTimestamp } from './timestamps';

/**
 * Pieces of a platform health snapshot shown alike wherever one is: the operations hub (a whole
 * environment) and a tenant's Health tab (the deployments serving it).
 */

/** The snapshot's stale mark (`staleTestId` on it) and, when the last read failed, why its states are unknown. */
export function SnapshotProblems({ health, staleTestId }: { health: PlatformHealth; staleTestId: string }) {
  return (
    <>
      {health.stale && (
        <span data-testid={staleTestId}>
          <Text color="warning">
            stale: last good read {formatTimeAgo(health.lastSuccessAt)}
            {health.refreshIntervalSeconds ? ` (refreshed every ${health.refreshIntervalSeconds} s)` : ''}
          </Text>
        </span>
      )}
      {health.error && (
        <Alert severity="warning" title={`Health is unknown: ${health.error.message}`}>
          {health.stale
            ? `Showing the last good read (${formatTimeAgo(health.lastSuccessAt)}) with every state unknown.`
            : 'Nothing has been read yet.'}
        </Alert>
      )}
    </>
  );
}

/** Pods as Kubernetes reports them, in the order given; `serviceOf` adds the service each one serves. */
export function PodHealthTable({
  pods,
  caption,
  rowTestId,
  serviceOf,
}: {
  pods: PodHealth[];
  caption: string;
  /** On each row, with `data-name` and `data-state`. */
  rowTestId: string;
  serviceOf?: (pod: PodHealth) => string;
}) {
  const tableClass = useDataTableClass();
  return (
    <table className={tableClass}>
      <caption style={{ textAlign: 'left' }}>{caption}</caption>
      <thead>
        <tr>
          <th>State</th>
          <th>Pod</th>
          {serviceOf && <th>Service</th>}
          <th>Phase</th>
          <th>Containers</th>
          <th>Restarts</th>
          <th>Started</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {pods.map((p) => (
          <tr key={p.name} data-testid={rowTestId} data-name={p.name} data-state={p.state}>
            <td>
              <HealthBadge state={p.state} />
            </td>
            <td>{p.name}</td>
            {serviceOf && <td>{serviceOf(p)}</td>}
            <td>{p.phase}</td>
            <td>
              {p.readyContainers}/{p.containers} ready
            </td>
            <td>{p.restarts}</td>
            <td>
              <span title={formatTimestamp(p.startedAt)}>{formatTimeAgo(p.startedAt, '—')}</span>
            </td>
            <td>{p.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
