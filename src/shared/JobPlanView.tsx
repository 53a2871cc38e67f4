import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { JobPlan, PreflightCheck } from '../contract';
import { PlanCheckLine, PlanSection, showPlanValue as show } from './PlanCheck';
import { testIds } from './testIds';

/** Preflight checks: each with its result, measured value and threshold (a blocked plan says which check failed). */
function PreflightList({ checks }: { checks: PreflightCheck[] }) {
  if (checks.length === 0) {
    return <Text color="secondary">No preflight checks for this action.</Text>;
  }
  return (
    <ul
      aria-label="Preflight checks"
      data-testid={testIds.runAction.preflight}
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {checks.map((c) => (
        <li key={c.name} data-testid={testIds.runAction.check} data-ok={String(c.ok)}>
          <PlanCheckLine check={c}>
            <Text color="secondary" variant="bodySmall">
              measured {show(c.measured)}
              {c.threshold !== undefined ? `, threshold ${show(c.threshold)}` : ''}
            </Text>
          </PlanCheckLine>
        </li>
      ))}
    </ul>
  );
}

/** The dry-run plan: preflight, ordered steps (with what cancelling undoes) and the would-change diff. */
export function JobPlanView({ plan }: { plan: JobPlan }) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={2}>
      {plan.blocked && (
        <Alert
          severity="error"
          title="Preflight failed: this action would be refused"
          data-testid={testIds.runAction.blocked}
        >
          Fix the failed check below, then preview again.
        </Alert>
      )}
      {plan.approvalRequired && (
        <Alert
          severity="info"
          title="A second operator must approve this job"
          data-testid={testIds.runAction.approvalNotice}
        >
          The job waits for an approver before its first step runs.
        </Alert>
      )}
      <PlanSection title="Preflight">
        <PreflightList checks={plan.preflight} />
      </PlanSection>
      <PlanSection title="Steps">
        <ol data-testid={testIds.runAction.steps} className={styles.steps}>
          {plan.steps.map((s) => (
            <li key={s.index}>
              {s.title}
              {s.compensation && (
                <Text color="secondary" variant="bodySmall">
                  {' '}
                  (cancel undoes: {s.compensation})
                </Text>
              )}
            </li>
          ))}
        </ol>
      </PlanSection>
      <PlanSection title="Would change" label="Changes">
        {plan.diff.length === 0 ? (
          <Text color="secondary">Nothing.</Text>
        ) : (
          <ul data-testid={testIds.runAction.diff} className={styles.diff}>
            {plan.diff.map((d, i) => (
              <li key={i}>
                <Badge color="blue" text={d.resource} /> {d.field}: {show(d.from)} → {show(d.to)}
              </li>
            ))}
          </ul>
        )}
      </PlanSection>
    </Stack>
  );
}

/** Numbers and bullets sit inside the content box (a drawer has no margin for outside markers). */
const getStyles = (theme: GrafanaTheme2) => {
  const list = { margin: 0, paddingLeft: theme.spacing(3), listStylePosition: 'outside' as const };
  return {
    steps: css({ ...list, listStyleType: 'decimal' }),
    diff: css({ ...list, listStyleType: 'disc', li: { marginBottom: theme.spacing(0.5) } }),
  };
};
