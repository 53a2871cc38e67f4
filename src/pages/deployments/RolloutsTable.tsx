import { Badge, Button, type BadgeColor } from '@grafana/ui';
import React from 'react';
import { Actions, type Deployment, type DeploymentStatus } from '../../contract';
import { PermissionButton } from '../../shared/PermissionButton';
import { formatTimestamp } from '../../shared/timestamps';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';

export const STATUS_COLOR: Record<DeploymentStatus, BadgeColor> = {
  blocked: 'red',
  queued: 'blue',
  preflight: 'blue',
  canary: 'orange',
  gating: 'orange',
  promoting: 'blue',
  paused: 'purple',
  rolling_back: 'red',
  succeeded: 'green',
  rolled_back: 'red',
  aborted: 'red',
  failed: 'red',
};

export type ControlVerb = 'pause' | 'resume' | 'abort';

interface Props {
  items: Deployment[];
  selected?: string;
  onSelect(id: string): void;
  onControl(verb: ControlVerb, d: Deployment): void;
}

/** Rollouts, active first: target, versions, strategy progress, status and the outcome's reason. */
export function RolloutsTable({ items, selected, onSelect, onControl }: Props) {
  const table = useDataTableClass();
  return (
    <table className={table} data-testid={testIds.deployments.rollouts}>
      <thead>
        <tr>
          <th>Started</th>
          <th>Target</th>
          <th>Version</th>
          <th>Progress</th>
          <th>Status</th>
          <th>Outcome</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((d) => {
          const active = d.finishedAt === null;
          const last = d.gates[d.gates.length - 1];
          return (
            <tr
              key={d.id}
              data-testid={testIds.deployments.rolloutRow}
              data-deployment={d.id}
              data-status={d.status}
              aria-selected={d.id === selected}
            >
              <td>{formatTimestamp(d.createdAt)}</td>
              <td>
                {d.kind} · {d.environment} · {d.shards.join(', ')}
              </td>
              <td>
                {d.fromVersion} → {d.toVersion}
              </td>
              <td>
                {d.strategy.type === 'canary'
                  ? `step ${Math.min(d.currentStep + 1, d.steps.length)}/${d.steps.length}${last ? ` · last gate ${last.passed ? 'passed' : 'failed'} at ${last.weightPercent}%` : ''}`
                  : 'rolling update'}
              </td>
              <td>
                <Badge text={d.status.replace('_', ' ')} color={STATUS_COLOR[d.status]} />
              </td>
              <td>{d.outcomeReason ?? '—'}</td>
              <td>
                <Button size="sm" variant="secondary" fill="text" onClick={() => onSelect(d.id)}>
                  Gates
                </Button>
                {active && d.status !== 'paused' && (
                  <PermissionButton
                    size="sm"
                    variant="secondary"
                    action={Actions.deploymentsWrite}
                    onClick={() => onControl('pause', d)}
                    data-testid={testIds.deployments.pause}
                  >
                    Pause
                  </PermissionButton>
                )}
                {active && d.status === 'paused' && (
                  <PermissionButton
                    size="sm"
                    variant="secondary"
                    action={Actions.deploymentsWrite}
                    onClick={() => onControl('resume', d)}
                    data-testid={testIds.deployments.resume}
                  >
                    Resume
                  </PermissionButton>
                )}
                {active && (
                  <PermissionButton
                    size="sm"
                    variant="destructive"
                    action={Actions.deploymentsWrite}
                    onClick={() => onControl('abort', d)}
                    data-testid={testIds.deployments.abort}
                  >
                    Abort
                  </PermissionButton>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
