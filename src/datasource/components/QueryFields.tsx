import type { SelectableValue } from '@grafana/data';
import { Field, Input, MultiSelect, RadioButtonGroup, Select } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import type { PickValue, SwitchyardDataSource } from '../datasource';
import type { SwitchyardQuery } from '../types';
import { optionsOf, type Control } from './controls';

export interface QueryFieldsProps {
  controls: Control[];
  query: SwitchyardQuery;
  errors: Record<string, string>;
  datasource: SwitchyardDataSource;
  onChange: (patch: Partial<SwitchyardQuery>) => void;
}

const toOptions = (values: readonly string[]): Array<SelectableValue<string>> =>
  values.map((v) => ({ label: v, value: v }));

/** The tenants pick list from the backend; `$tenant` and other variables can be typed in. */
function TenantPicker(props: {
  id: string;
  value?: string;
  datasource: SwitchyardDataSource;
  onChange: (v?: string) => void;
}) {
  const { datasource } = props;
  const [options, setOptions] = useState<PickValue[]>([]);
  const [loadError, setLoadError] = useState<string>();
  useEffect(() => {
    let live = true;
    datasource
      .pickList('tenant')
      .then((values) => live && setOptions(values))
      .catch(() => live && setLoadError('Could not load tenants from the sidecar'));
    return () => {
      live = false;
    };
  }, [datasource]);
  return (
    <>
      <Select
        inputId={props.id}
        aria-label="Tenant"
        isClearable
        allowCustomValue
        width={30}
        value={props.value ? { label: props.value, value: props.value } : null}
        options={options.map((o) => ({ label: o.text, value: o.value }))}
        onChange={(v) => props.onChange(v?.value)}
      />
      {loadError && <span role="status">{loadError}</span>}
    </>
  );
}

export function QueryFields({ controls, query, errors, datasource, onChange }: QueryFieldsProps) {
  const q = query as Record<string, unknown>;
  return (
    <>
      {controls.map((c) => {
        const id = `switchyard-${query.refId}-${c.key}`;
        const error = errors[c.key];
        let input: React.ReactElement;
        switch (c.kind) {
          case 'radio':
            input = (
              <RadioButtonGroup
                options={toOptions(optionsOf(c.options, query))}
                value={(q[c.key] as string | undefined) ?? c.initial}
                onChange={(v) => onChange({ [c.key]: v })}
              />
            );
            break;
          case 'multi':
            input = (
              <MultiSelect
                inputId={id}
                aria-label={c.label}
                width={40}
                allowCustomValue
                value={((q[c.key] as string[] | undefined) ?? []).map((v) => ({ label: v, value: v }))}
                options={toOptions(optionsOf(c.options, query))}
                onChange={(vs) => onChange({ [c.key]: vs.map((v) => v.value).filter(Boolean) })}
              />
            );
            break;
          case 'single':
            input = (
              <Select
                inputId={id}
                aria-label={c.label}
                isClearable
                width={30}
                value={q[c.key] ? { label: String(q[c.key]), value: String(q[c.key]) } : null}
                options={toOptions(optionsOf(c.options, query))}
                onChange={(v) => onChange({ [c.key]: v?.value })}
              />
            );
            break;
          case 'tenant':
            input = (
              <TenantPicker
                id={id}
                datasource={datasource}
                value={q[c.key] as string | undefined}
                onChange={(v) => onChange({ [c.key]: v })}
              />
            );
            break;
          case 'number':
            input = (
              <Input
                id={id}
                type="number"
                width={14}
                max={c.max}
                value={q[c.key] === undefined ? '' : String(q[c.key])}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  onChange({ [c.key]: text === '' ? undefined : Number(text) });
                }}
              />
            );
            break;
          case 'text':
            input = (
              <Input
                id={id}
                width={30}
                placeholder={c.placeholder}
                value={(q[c.key] as string | undefined) ?? ''}
                onChange={(e) => onChange({ [c.key]: e.currentTarget.value || undefined })}
              />
            );
            break;
        }
        return (
          <Field key={c.key} label={c.label} htmlFor={id} invalid={Boolean(error)} error={error}>
            {input}
          </Field>
        );
      })}
    </>
  );
}
