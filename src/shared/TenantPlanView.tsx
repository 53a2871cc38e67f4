import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Icon, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { TenantPlan, TenantPlanTarget } from '../contract';
import { PlanCheckLine, PlanSection, showPlanValue as show } from './PlanCheck';
import { testIds } from './testIds';

function outcome(t: TenantPlanTarget): { text: string; color: 'red' | 'green' | 'blue' } {
  if (t.blocked) return { text: 'refused', color: 'red' };
  if (t.unchanged) return { text: 'no change', color: 'blue' };
  return { text: 'changes', color: 'green' };
}

/** One target in full: why it would be refused, what would change, what to know, what it touches. */
function TargetDetail({ target }: { target: TenantPlanTarget }) {
  const styles = useStyles2(getStyles);
  const failed = target.checks.filter((c) => !c.ok);
  return (
    <Stack direction="column" gap={1.5}>
      {failed.map((c) => (
        <Alert
          key={c.name}
          severity="error"
          title={`Refused: ${c.name}`}
          data-testid={testIds.tenantPlan.refusal}
          data-check={c.name}
        >
          {c.message}
        </Alert>
      ))}
      <PlanSection title="Checks">
        <ul className={styles.plain} data-testid={testIds.tenantPlan.checks}>
          {target.checks.map((c) => (
            <li key={c.name} data-testid={testIds.tenantPlan.check} data-ok={String(c.ok)}>
              <PlanCheckLine check={c} />
            </li>
          ))}
        </ul>
      </PlanSection>
      <PlanSection title="Would change">
        {target.changes.length === 0 ? (
          <Text color="secondary">Nothing.</Text>
        ) : (
          <ul className={styles.plain} data-testid={testIds.tenantPlan.changes}>
            {target.changes.map((d) => (
              <li key={d.field} data-testid={testIds.tenantPlan.change} data-field={d.field}>
                <code>{d.field}</code>: <span className={styles.from}>{show(d.from)}</span> →{' '}
                <strong>{show(d.to)}</strong>
              </li>
            ))}
          </ul>
        )}
      </PlanSection>
      {target.warnings.length > 0 && (
        <section aria-label="Warnings">
          <ul className={styles.plain} data-testid={testIds.tenantPlan.warnings}>
            {target.warnings.map((w, i) => (
              <li key={`${w.code}-${i}`} data-testid={testIds.tenantPlan.warning} data-code={w.code}>
                <Stack direction="row" gap={1} alignItems="center">
                  <Icon name="exclamation-triangle" color="orange" aria-label="warning" />
                  <Text>{w.message}</Text>
                </Stack>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(target.placements.length > 0 || target.activeJobs.length > 0) && (
        <PlanSection title="Affected">
          <Stack direction="row" gap={1} wrap="wrap">
            {target.placements.map((p) => (
              <Badge key={`${p.kind}-${p.shardId}`} color="blue" text={`${p.kind}: ${p.shardId}`} />
            ))}
            {target.activeJobs.map((j) => (
              <Badge key={j.id} color="orange" icon="cog" text={`${j.type} ${j.status}`} />
            ))}
          </Stack>
        </PlanSection>
      )}
    </Stack>
  );
}

/** Several targets (a bulk change): one row each with its outcome and, when refused, why. */
function TargetTable({ targets }: { targets: TenantPlanTarget[] }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} data-testid={testIds.tenantPlan.targets}>
      <thead>
        <tr>
          <th>Tenant</th>
          <th>Now</th>
          <th>Outcome</th>
          <th>Why / what to know</th>
        </tr>
      </thead>
      <tbody>
        {targets.map((t) => {
          const o = outcome(t);
          const note = t.checks.find((c) => !c.ok)?.message ?? t.warnings.map((w) => w.message).join('; ');
          return (
            <tr key={t.id} data-testid={testIds.tenantPlan.target} data-tenant-id={t.id} data-outcome={o.text}>
              <td>{t.id}</td>
              <td>{t.from ?? '—'}</td>
              <td>
                <Badge color={o.color} text={o.text} />
              </td>
              <td>{note || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A tenant change plan as the sidecar made it: the summary, then (one tenant) its checks, changes,
 * warnings and what it touches, or (several) one row per tenant. Used by the tenant form's preview
 * and by the status change flow.
 */
export function TenantPlanView({ plan }: { plan: TenantPlan }) {
  const single = plan.targets.length === 1 ? plan.targets[0] : undefined;
  return (
    <div data-testid={testIds.tenantPlan.view} data-blocked={String(plan.blocked)}>
      <Stack direction="column" gap={1.5}>
        <div data-testid={testIds.tenantPlan.summary}>
          <Text weight="medium">{plan.summary}</Text>
        </div>
        {single ? <TargetDetail target={single} /> : <TargetTable targets={plan.targets} />}
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  plain: css({ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: theme.spacing(0.5) }),
  from: css({ color: theme.colors.text.secondary, textDecoration: 'line-through' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
  }),
});
