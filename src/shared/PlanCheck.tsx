import { Icon, Stack, Text } from '@grafana/ui';
import React from 'react';

/** A planned value in words: `—` for none, JSON for objects. */
export const showPlanValue = (v: unknown) =>
  v === undefined || v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** One check of a plan (preflight or tenant change): passed or failed, its name and message, then `children`. */
export function PlanCheckLine({
  check,
  children,
}: {
  check: { name: string; ok: boolean; message: string };
  children?: React.ReactNode;
}) {
  return (
    <Stack direction="row" gap={1} alignItems="center">
      <Icon
        name={check.ok ? 'check-circle' : 'times-circle'}
        color={check.ok ? 'green' : 'red'}
        aria-label={check.ok ? 'passed' : 'failed'}
      />
      <Text weight="medium">{check.name}</Text>
      <Text color="secondary">{check.message}</Text>
      {children}
    </Stack>
  );
}

/**
 * One titled part of a plan view (preflight, steps, checks, changes…); `label` names the section when
 * it differs from the title.
 */
export function PlanSection({ title, label, children }: { title: string; label?: string; children: React.ReactNode }) {
  return (
    <section aria-label={label ?? title}>
      <Text element="h4" variant="h6">
        {title}
      </Text>
      {children}
    </section>
  );
}
