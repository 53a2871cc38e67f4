import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Alert, Field, Select, Stack } from '@grafana/ui';
import React, { useMemo } from 'react';
import { DS_QUERY_TYPES, validateDsQuery, type DsQueryType } from '../../contract';
import type { SwitchyardDataSource } from '../datasource';
import type { SwitchyardOptions, SwitchyardQuery } from '../types';
import { CONTROLS, QUERY_TYPE_LABELS } from './controls';
import { QueryFields } from './QueryFields';

export type QueryEditorPropsT = QueryEditorProps<SwitchyardDataSource, SwitchyardQuery, SwitchyardOptions>;

const TYPE_OPTIONS: Array<SelectableValue<DsQueryType>> = DS_QUERY_TYPES.map((t) => ({
  label: QUERY_TYPE_LABELS[t],
  value: t,
}));

/** Errors by top-level field; variables (`$env`) are checked after interpolation, so not here. */
export function fieldErrors(query: SwitchyardQuery): Record<string, string> {
  const hasVariable = JSON.stringify(query).includes('$');
  if (hasVariable) return {};
  const r = validateDsQuery(query);
  if (r.ok) return {};
  const out: Record<string, string> = {};
  for (const e of r.errors) {
    const key = e.field.split('.')[0];
    out[key] ??= e.message;
  }
  return out;
}

/**
 * The query editor: query type, then that type's filters (pick lists from the backend's resources),
 * validated inline against the data source's contract. Runs the query on each valid change.
 */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: QueryEditorPropsT) {
  const errors = useMemo(() => fieldErrors(query), [query]);
  const queryType = query.queryType as DsQueryType | undefined;
  const emit = (next: SwitchyardQuery) => {
    onChange(next);
    if (Object.keys(fieldErrors(next)).length === 0) onRunQuery();
  };
  const apply = (patch: Partial<SwitchyardQuery>) => emit({ ...query, ...patch } as SwitchyardQuery);
  // A new query type starts from its own defaults: filters of another type would not parse.
  const changeType = (next: DsQueryType) =>
    emit({ refId: query.refId, datasource: query.datasource, hide: query.hide, queryType: next } as SwitchyardQuery);
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" wrap="wrap" gap={1}>
        <Field label="Query type" htmlFor={`switchyard-${query.refId}-queryType`}>
          <Select
            inputId={`switchyard-${query.refId}-queryType`}
            aria-label="Query type"
            width={30}
            value={TYPE_OPTIONS.find((o) => o.value === queryType) ?? null}
            options={TYPE_OPTIONS}
            onChange={(v) => v.value && changeType(v.value)}
          />
        </Field>
        {queryType && CONTROLS[queryType] && (
          <QueryFields
            controls={CONTROLS[queryType]}
            query={query}
            errors={errors}
            datasource={datasource}
            onChange={apply}
          />
        )}
      </Stack>
      {errors.queryType && (
        <Alert severity="error" title="This query cannot run">
          {errors.queryType}
        </Alert>
      )}
    </Stack>
  );
}
