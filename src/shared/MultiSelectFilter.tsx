import type { SelectableValue } from '@grafana/data';
import { Field, MultiSelect } from '@grafana/ui';
import React from 'react';

/** Select options for contract values, labelled by `label` (the value itself by default). */
export function selectOptions<T extends string>(
  values: readonly T[],
  label: (v: T) => string = (v) => v
): Array<SelectableValue<T>> {
  return values.map((value) => ({ value, label: label(value) }));
}

export interface MultiSelectFilterProps<T extends string> {
  label: string;
  /** A line under the label, e.g. what else the filter narrows. */
  description?: string;
  /** Accessible name of the select: "Filter by status". */
  ariaLabel: string;
  options: Array<SelectableValue<T>>;
  value: T[];
  placeholder: string;
  width: number;
  testId: string;
  onChange: (values: T[]) => void;
}

/** A list filter over contract values (status, environment, …): one look in every toolbar. */
export function MultiSelectFilter<T extends string>({
  label,
  description,
  ariaLabel,
  options,
  value,
  placeholder,
  width,
  testId,
  onChange,
}: MultiSelectFilterProps<T>) {
  return (
    <Field label={label} description={description} data-testid={testId}>
      <MultiSelect
        aria-label={ariaLabel}
        options={options}
        value={value}
        placeholder={placeholder}
        width={width}
        onChange={(selected: Array<SelectableValue<T>>) =>
          onChange(selected.map((s) => s.value).filter((v): v is T => v !== undefined))
        }
      />
    </Field>
  );
}
