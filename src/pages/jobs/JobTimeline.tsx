import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Icon, Stack, Text, useStyles2, type IconName } from '@grafana/ui';
import React from 'react';
import { testIds } from '../../shared/testIds';
import type { AuditEntry, JobDetail, JobStep, StepStatus } from '../../contract';
import { useDataTableClass } from '../../shared/tableStyles';
import { formatTimestamp } from '../../shared/timestamps';

const STEP_ICON: Record<StepStatus, { icon: IconName; color: string }> = {
  pending: { icon: 'circle', color: 'secondary' },
  running: { icon: 'fa fa-spinner', color: 'blue' },
  succeeded: { icon: 'check-circle', color: 'green' },
  failed: { icon: 'times-circle', color: 'red' },
  skipped: { icon: 'minus-circle', color: 'secondary' },
  cancelled: { icon: 'ban', color: 'secondary' },
  compensated: { icon: 'history', color: 'orange' },
};

function duration(s: JobStep): string {
  if (!s.startedAt) {
    return '';
  }
  const end = s.finishedAt ? Date.parse(s.finishedAt) : Date.now();
  return `${Math.max(0, Math.round((end - Date.parse(s.startedAt)) / 100) / 10)} s`;
}

/** The job's steps in order: status, attempts, timing, what was observed, and any error with its remediation. */
export function JobTimeline({ job }: { job: JobDetail }) {
  const styles = useStyles2(getStyles);
  return (
    <ol className={styles.list} aria-label="Steps">
      {job.steps.map((s) => {
        const look = STEP_ICON[s.status];
        return (
          <li
            key={s.index}
            className={styles.step}
            data-testid={testIds.job.step}
            data-status={s.status}
            data-step={s.name}
          >
            <Stack direction="row" gap={1} alignItems="center">
              <Icon name={look.icon} className={styles[look.color as 'green'] ?? undefined} aria-label={s.status} />
              <Text weight="medium">{s.title}</Text>
              <Text color="secondary" variant="bodySmall">
                {s.status}
                {s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}
                {s.startedAt ? ` · ${formatTimestamp(s.startedAt)} · ${duration(s)}` : ''}
              </Text>
            </Stack>
            {s.observed && (
              <code className={styles.observed} aria-label="Observed">
                {JSON.stringify(s.observed)}
              </code>
            )}
            {s.error && (
              <Alert severity="error" title={s.error.message}>
                {s.error.remediation}
              </Alert>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The job's audit trail (who requested, approved, cancelled, and every step's effect), oldest first. */
export function JobAuditTrail({ entries }: { entries: AuditEntry[] }) {
  const tableClass = useDataTableClass();
  if (entries.length === 0) {
    return <Text color="secondary">No audit entries yet.</Text>;
  }
  return (
    <table data-testid={testIds.job.audit} className={tableClass}>
      <thead>
        <tr>
          <th>Time</th>
          <th>Who</th>
          <th>Action</th>
          <th>Outcome</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq} data-testid={testIds.job.auditRow} data-action={e.action}>
            <td>{formatTimestamp(e.ts)}</td>
            <td>{e.actor.login}</td>
            <td>{e.action}</td>
            <td>{e.outcome}</td>
            <td>{e.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    padding: 0,
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  }),
  step: css({ borderLeft: `2px solid ${theme.colors.border.medium}`, paddingLeft: theme.spacing(1.5) }),
  observed: css({
    display: 'block',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    wordBreak: 'break-all',
  }),
  green: css({ color: theme.colors.success.text }),
  red: css({ color: theme.colors.error.text }),
  blue: css({ color: theme.colors.info.text }),
  orange: css({ color: theme.colors.warning.text }),
  secondary: css({ color: theme.colors.text.secondary }),
});
