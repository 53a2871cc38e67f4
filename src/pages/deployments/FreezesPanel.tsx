import { Alert, Badge, Field, Input, Select, Stack } from '@grafana/ui';
import React, { useState } from 'react';
import { Actions, ENVIRONMENTS, type Freeze, type FreezeScope } from '../../contract';
import { activeFreezes } from '../../changes';
import { PermissionButton } from '../../shared/PermissionButton';
import { selectOptions } from '../../shared/MultiSelectFilter';
import { formatTimestamp } from '../../shared/timestamps';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';

const SCOPES: readonly FreezeScope[] = ['global', ...ENVIRONMENTS];

interface Props {
  freezes: Freeze[];
  now: Date;
  busy: boolean;
  onCreate(input: { scope: FreezeScope; reason: string; expiresAt: string }): void;
  onLift(f: Freeze): void;
}

/** Freezes in force first (banner + lift), recent ones after; a form to freeze globally or one environment. */
export function FreezesPanel({ freezes, now, busy, onCreate, onLift }: Props) {
  const table = useDataTableClass();
  const [scope, setScope] = useState<FreezeScope>('prod');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState(4);
  const inForce = new Set(ENVIRONMENTS.flatMap((e) => activeFreezes(freezes, e, now)).map((f) => f.id));
  const reasonError = reason.trim().length > 0 && reason.trim().length < 3 ? 'A reason has at least 3 characters' : '';
  const hoursError = !(hours > 0 && hours <= 24 * 90) ? 'Hours must be between 1 and 2160 (90 days)' : '';
  const submit = () => {
    if (reason.trim().length < 3 || hoursError) return;
    onCreate({ scope, reason: reason.trim(), expiresAt: new Date(now.getTime() + hours * 3_600_000).toISOString() });
    setReason('');
  };
  return (
    <Stack direction="column" gap={1}>
      {[...inForce].length > 0 && (
        <Alert severity="warning" title="Deploys are frozen" data-testid={testIds.deployments.freezeBanner}>
          {freezes
            .filter((f) => inForce.has(f.id))
            .map(
              (f) =>
                `${f.scope === 'global' ? 'All environments' : f.scope} until ${formatTimestamp(f.expiresAt)}: ${f.reason}`
            )
            .join(' · ')}
        </Alert>
      )}
      {freezes.length > 0 && (
        <table className={table} data-testid={testIds.deployments.freezes}>
          <thead>
            <tr>
              <th>Scope</th>
              <th>Reason</th>
              <th>By</th>
              <th>Until</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {freezes.map((f) => (
              <tr key={f.id} data-testid={testIds.deployments.freezeRow} data-scope={f.scope}>
                <td>{f.scope}</td>
                <td>{f.reason}</td>
                <td>{f.createdBy}</td>
                <td>{formatTimestamp(f.expiresAt)}</td>
                <td>
                  {inForce.has(f.id) ? (
                    <Badge text="in force" color="orange" />
                  ) : (
                    <Badge text={f.liftedAt ? 'lifted' : 'expired'} color="blue" />
                  )}
                </td>
                <td>
                  {inForce.has(f.id) && (
                    <PermissionButton
                      size="sm"
                      variant="secondary"
                      action={Actions.deploymentsWrite}
                      onClick={() => onLift(f)}
                      data-testid={testIds.deployments.freezeLift}
                    >
                      Lift
                    </PermissionButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Stack direction="row" gap={1} alignItems="flex-end">
        <Field label="Freeze">
          <Select
            options={selectOptions(SCOPES, (s) => (s === 'global' ? 'All environments' : s))}
            value={scope}
            onChange={(o) => o.value && setScope(o.value)}
            width={20}
            aria-label="Freeze scope"
          />
        </Field>
        <Field label="For (hours)" invalid={!!hoursError} error={hoursError}>
          <Input
            type="number"
            min={1}
            value={hours}
            onChange={(e) => setHours(Number(e.currentTarget.value))}
            width={10}
            aria-label="Freeze hours"
          />
        </Field>
        <Field label="Reason" invalid={!!reasonError} error={reasonError}>
          <Input
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            placeholder="Why deploys must wait"
            width={40}
            aria-label="Freeze reason"
            data-testid={testIds.deployments.freezeReason}
          />
        </Field>
        <PermissionButton
          action={Actions.deploymentsWrite}
          disabled={busy || reason.trim().length < 3 || !!hoursError}
          icon={busy ? 'spinner' : undefined}
          onClick={submit}
          data-testid={testIds.deployments.freezeCreate}
        >
          Freeze deploys
        </PermissionButton>
      </Stack>
    </Stack>
  );
}
