import { Badge, type BadgeColor } from '@grafana/ui';
import React from 'react';
import type { RolloutState, VersionMatrixCell } from '../../contract';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';

const STATE_COLOR: Record<RolloutState, BadgeColor> = {
  stable: 'green',
  progressing: 'blue',
  canary: 'orange',
  paused: 'purple',
  degraded: 'red',
};

/** One row per shard deployment: kind, environment, shard, image version (and canary), replicas, revision, rollout state. */
export function VersionMatrixTable({ cells }: { cells: VersionMatrixCell[] }) {
  const table = useDataTableClass();
  return (
    <table className={table} data-testid={testIds.deployments.matrix}>
      <thead>
        <tr>
          <th>Kind</th>
          <th>Environment</th>
          <th>Shard</th>
          <th>Version</th>
          <th>Canary</th>
          <th>Ready</th>
          <th>Revision</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => (
          <tr key={`${c.namespace}/${c.deployment}`} data-testid={testIds.deployments.matrixRow} data-shard={c.shardId}>
            <td>{c.kind}</td>
            <td>{c.environment}</td>
            <td>{c.shardId}</td>
            <td data-testid={testIds.deployments.matrixVersion}>{c.imageVersion}</td>
            <td>{c.canaryVersion ? `${c.canaryVersion} (${c.canaryReplicas} ready)` : '—'}</td>
            <td>
              {c.replicasReady}/{c.replicasDesired}
            </td>
            <td>{c.revision}</td>
            <td>
              <Badge text={c.rolloutState} color={STATE_COLOR[c.rolloutState]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
