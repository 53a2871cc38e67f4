import { Badge, Stack, Text } from '@grafana/ui';
import React from 'react';
import { Actions, DEFINITION_ENVIRONMENT_ORDER, type BundleEnvironmentState, type Environment } from '../../contract';
import { PermissionButton } from '../../shared/PermissionButton';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';

interface Props {
  states: BundleEnvironmentState[];
  onPromote(name: string, version: string, to: Environment): void;
  onRevert(state: BundleEnvironmentState): void;
}

const next = (env: Environment): Environment | null => {
  const i = DEFINITION_ENVIRONMENT_ORDER.indexOf(env);
  return DEFINITION_ENVIRONMENT_ORDER[i + 1] ?? null;
};

/** What runs where: per bundle and environment the current version, its health and the last known good one. */
export function EnvironmentsTable({ states, onPromote, onRevert }: Props) {
  const table = useDataTableClass();
  const names = [...new Set(states.map((s) => s.bundleName))].sort();
  const at = (name: string, env: Environment) => states.find((s) => s.bundleName === name && s.environment === env);
  return (
    <table className={table}>
      <thead>
        <tr>
          <th>Bundle</th>
          {DEFINITION_ENVIRONMENT_ORDER.map((env) => (
            <th key={env}>{env}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {names.map((name) => (
          <tr key={name} data-testid={testIds.definitions.envRow} data-bundle={name}>
            <td>{name}</td>
            {DEFINITION_ENVIRONMENT_ORDER.map((env) => {
              const s = at(name, env);
              const cur = s?.current;
              const to = next(env);
              const ahead = to ? at(name, to)?.current?.version : undefined;
              return (
                <td key={env} data-testid={testIds.definitions.envCell} data-env={env}>
                  {!cur ? (
                    <Text color="secondary">not running</Text>
                  ) : (
                    <Stack direction="column" gap={0.5}>
                      <Stack direction="row" gap={1} alignItems="center">
                        <span data-testid={testIds.definitions.current}>{cur.version}</span>
                        <Badge color={cur.healthy ? 'green' : 'red'} text={cur.healthy ? 'healthy' : 'unhealthy'} />
                      </Stack>
                      <Text variant="bodySmall" color="secondary">
                        {`by ${cur.promotedBy}, ${formatTimestamp(cur.promotedAt)}`}
                      </Text>
                      <Text variant="bodySmall" color="secondary" data-testid={testIds.definitions.lastKnownGood}>
                        {`last known good: ${s?.lastKnownGood?.version ?? 'none'}`}
                      </Text>
                      <Stack direction="row" gap={1}>
                        {to && ahead !== cur.version && (
                          <PermissionButton
                            action={Actions.definitionsWrite}
                            size="sm"
                            variant="secondary"
                            data-testid={testIds.definitions.promote}
                            onClick={() => onPromote(name, cur.version, to)}
                          >
                            {`Promote to ${to}`}
                          </PermissionButton>
                        )}
                        {s?.lastKnownGood && (
                          <PermissionButton
                            action={Actions.definitionsWrite}
                            size="sm"
                            variant="destructive"
                            fill="outline"
                            data-testid={testIds.definitions.revert}
                            onClick={() => onRevert(s)}
                          >
                            {`Revert to ${s.lastKnownGood.version}`}
                          </PermissionButton>
                        )}
                      </Stack>
                    </Stack>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
