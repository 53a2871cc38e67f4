import { Field, Input, MultiSelect, Select, Stack } from '@grafana/ui';
import React from 'react';
import { endpoints, ENVIRONMENTS, SERVICE_KINDS, type VersionMatrixCell } from '../../contract';
import { PermissionButton } from '../../shared/PermissionButton';
import { selectOptions } from '../../shared/MultiSelectFilter';
import { testIds } from '../../shared/testIds';
import { parseSteps, type RolloutForm as Form } from './rolloutIntent';

interface Props {
  form: Form;
  tags: string[] | undefined;
  tagsError?: string;
  cells: VersionMatrixCell[];
  onChange(patch: Partial<Form>): void;
  onPlan(): void;
}

type NumericKey = 'max5xxPercent' | 'maxP95Ms' | 'baselineFactor' | 'windowSeconds' | 'stepPauseSeconds';

/** The numeric settings of the rollout (its gate and pacing), in the order shown. */
const NUMBER_FIELDS: Array<{
  field: NumericKey;
  label: string;
  ariaLabel: string;
  min: number;
  max?: number;
  step?: number;
  width: number;
  testId?: string;
}> = [
  {
    field: 'max5xxPercent',
    label: 'Max 5xx (%)',
    min: 0,
    max: 100,
    step: 0.1,
    width: 10,
    ariaLabel: 'Max 5xx percent',
  },
  { field: 'maxP95Ms', label: 'Max p95 (ms)', min: 1, width: 10, ariaLabel: 'Max p95 ms' },
  { field: 'baselineFactor', label: '× baseline', min: 1, max: 100, step: 0.5, width: 8, ariaLabel: 'Baseline factor' },
  {
    field: 'windowSeconds',
    label: 'Gate window (s)',
    min: 10,
    max: 3600,
    width: 10,
    ariaLabel: 'Gate window seconds',
    testId: testIds.deployments.window,
  },
  {
    field: 'stepPauseSeconds',
    label: 'Pause per step (s)',
    min: 0,
    max: 3600,
    width: 10,
    ariaLabel: 'Pause per step seconds',
    testId: testIds.deployments.pauseSeconds,
  },
];

/** Kind, environment, version (from the registry), shards and the canary's steps and gate → the preflight flow. */
export function RolloutForm({ form, tags, tagsError, cells, onChange, onPlan }: Props) {
  const shards = cells.filter((c) => c.kind === form.kind && c.environment === form.environment).map((c) => c.shardId);
  const stepsError = parseSteps(form.steps) === null ? 'Steps are whole percentages from 1 to 99, comma separated' : '';
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={1} wrap="wrap" alignItems="flex-end">
        <Field label="Service kind">
          <Select
            options={selectOptions(SERVICE_KINDS)}
            value={form.kind}
            onChange={(o) => o.value && onChange({ kind: o.value, shards: [], imageVersion: '' })}
            width={16}
            aria-label="Rollout service kind"
          />
        </Field>
        <Field label="Environment">
          <Select
            options={selectOptions(ENVIRONMENTS)}
            value={form.environment}
            onChange={(o) => o.value && onChange({ environment: o.value, shards: [] })}
            width={14}
            aria-label="Rollout environment"
          />
        </Field>
        <Field label="Image version" invalid={!!tagsError} error={tagsError}>
          <Select
            options={(tags ?? []).map((t) => ({ value: t, label: t }))}
            value={form.imageVersion || null}
            isLoading={tags === undefined && !tagsError}
            onChange={(o) => onChange({ imageVersion: o.value ?? '' })}
            placeholder="Choose a version"
            width={20}
            aria-label="Rollout image version"
            data-testid={testIds.deployments.version}
          />
        </Field>
        <Field label="Shards" description="Empty: every shard">
          <MultiSelect
            options={shards.map((s) => ({ value: s, label: s }))}
            value={form.shards}
            onChange={(os) => onChange({ shards: os.map((o) => o.value as string) })}
            placeholder="All shards"
            width={36}
            aria-label="Rollout shards"
          />
        </Field>
      </Stack>
      <Stack direction="row" gap={1} wrap="wrap" alignItems="flex-end">
        <Field label="Canary steps (%)" description="Empty: rolling update" invalid={!!stepsError} error={stepsError}>
          <Input
            value={form.steps}
            onChange={(e) => onChange({ steps: e.currentTarget.value })}
            width={16}
            aria-label="Canary steps"
            data-testid={testIds.deployments.steps}
          />
        </Field>
        {NUMBER_FIELDS.map((f) => (
          <Field key={f.field} label={f.label}>
            <Input
              type="number"
              min={f.min}
              max={f.max}
              step={f.step}
              value={form[f.field]}
              onChange={(e) => onChange({ [f.field]: Number(e.currentTarget.value) })}
              width={f.width}
              aria-label={f.ariaLabel}
              data-testid={f.testId}
            />
          </Field>
        ))}
        <PermissionButton
          action={endpoints.createJob.action}
          disabled={!form.imageVersion || !!stepsError}
          onClick={onPlan}
          data-testid={testIds.deployments.plan}
        >
          Plan rollout…
        </PermissionButton>
      </Stack>
    </Stack>
  );
}
