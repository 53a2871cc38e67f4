import type { QueryEditorProps } from '@grafana/data';
import { Stack } from '@grafana/ui';
import React from 'react';
import type { SwitchyardDataSource } from '../datasource';
import type { SwitchyardOptions, SwitchyardQuery, VariableQuery } from '../types';
import { CONTROLS } from './controls';
import { QueryFields } from './QueryFields';

export type VariableQueryEditorProps = QueryEditorProps<
  SwitchyardDataSource,
  SwitchyardQuery,
  SwitchyardOptions,
  VariableQuery
>;

/** `$tenant`, `$shard`, `$environment`, `$jobType`: values come from the backend's pick lists. */
export function VariableQueryEditor({ query, onChange, datasource }: VariableQueryEditorProps) {
  const current: VariableQuery = { ...query, target: query.target ?? 'tenant' };
  const controls = CONTROLS.variable.filter(
    (c) =>
      c.key === 'target' ||
      c.key === 'search' ||
      (c.key === 'environment' && current.target === 'tenant') ||
      (c.key === 'kind' && current.target === 'shard')
  );
  return (
    <Stack direction="column" gap={1}>
      <QueryFields
        controls={controls}
        query={current as unknown as SwitchyardQuery}
        errors={{}}
        datasource={datasource}
        onChange={(patch) => {
          const next = { ...current, ...patch } as VariableQuery;
          onChange(next);
        }}
      />
    </Stack>
  );
}
