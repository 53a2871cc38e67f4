import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Icon, Stack, Text, useStyles2, type IconName } from '@grafana/ui';
import React, { useEffect, useId, useState } from 'react';
import { testIds } from '../../shared/testIds';
import type { AuditEntry, JobDetail, JobStep, StepStatus } from '../../contract';
import { useDataTableClass } from '../../shared/tableStyles';
import { formatTimestamp } from '../../shared/timestamps';
import { formatStepProgress, stepProgress } from './stepProgress';

const STEP_ICON: Record<StepStatus, { icon: IconName; color: string }> = {
  pending: { icon: 'circle', color: 'secondary' },
  running: { icon: 'fa fa-spinner', color: 'blue' },
  succeeded: { icon: 'check-circle', color: 'green' },
  failed: { icon: 'times-circle', color: 'red' },
  skipped: { icon: 'minus-circle', color: 'secondary' },
  cancelled: { icon: 'ban', color: 'secondary' },
  compensated: { icon: 'history', color: 'orange' },
};

/** Output up to this many characters shows on one line; longer output is pretty-printed behind a toggle. */
const SHORT_OUTPUT_CHARS = 120;

/** A step's output (what it observed), bounded and wrapping so it never widens the page. */
function StepOutput({ observed }: { observed: Record<string, unknown> }) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState(false);
  const id = useId();
  const compact = JSON.stringify(observed);
  if (compact.length <= SHORT_OUTPUT_CHARS) {
    return (
      <pre className={styles.output} aria-label="Observed">
        {compact}
      </pre>
    );
  }
  return (
    <div className={styles.outputToggle}>
      <Button
        size="sm"
        variant="secondary"
        fill="text"
        icon={open ? 'angle-down' : 'angle-right'}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide output' : 'Show output'}
      </Button>
      {open && (
        <pre id={id} className={styles.output} aria-label="Observed">
          {JSON.stringify(observed, null, 2)}
        </pre>
      )}
    </div>
  );
}

/** The current time, rendered again every second while `live` (a running step's elapsed time between polls). */
function useNow(live: boolean): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!live) {
      return;
    }
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return Date.now();
}

/** When the step ran and for how long; a running step's elapsed time of its time-box, where it has one. */
function StepTiming({ job, step }: { job: JobDetail; step: JobStep }) {
  const styles = useStyles2(getStyles);
  const running = step.status === 'running';
  const now = useNow(running);
  const progress = stepProgress(job, step, now);
  if (!step.startedAt || !progress) {
    return null;
  }
  const text = formatStepProgress(progress, running);
  return (
    <>
      {` · ${formatTimestamp(step.startedAt)} · ${text}`}
      {running && progress.fraction !== undefined && (
        <span
          role="progressbar"
          aria-label="Time-box used"
          aria-valuemin={0}
          aria-valuemax={progress.timeBoxSeconds}
          aria-valuenow={Math.floor(progress.elapsedSeconds)}
          aria-valuetext={text}
          className={styles.timeBox}
        >
          <span className={styles.timeBoxFill} style={{ width: `${Math.round(progress.fraction * 100)}%` }} />
        </span>
      )}
    </>
  );
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
            <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
              <Icon name={look.icon} className={styles[look.color as 'green'] ?? undefined} aria-label={s.status} />
              <Text weight="medium">{s.title}</Text>
              <Text color="secondary" variant="bodySmall">
                {s.status}
                {s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}
                <StepTiming job={job} step={s} />
              </Text>
            </Stack>
            {s.observed && <StepOutput observed={s.observed} />}
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
  const styles = useStyles2(getStyles);
  if (entries.length === 0) {
    return <Text color="secondary">No audit entries yet.</Text>;
  }
  return (
    <div className={styles.tableScroll}>
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
    </div>
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
  step: css({
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    paddingLeft: theme.spacing(1.5),
    minWidth: 0,
  }),
  output: css({
    margin: theme.spacing(0.5, 0, 0),
    padding: theme.spacing(0.5, 1),
    maxHeight: 240,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  outputToggle: css({ minWidth: 0 }),
  timeBox: css({
    display: 'inline-block',
    verticalAlign: 'middle',
    width: 120,
    height: 4,
    marginLeft: theme.spacing(1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    overflow: 'hidden',
  }),
  timeBoxFill: css({ display: 'block', height: '100%', background: theme.colors.info.main }),
  tableScroll: css({
    maxWidth: '100%',
    overflowX: 'auto',
    // The reason is free text: it wraps rather than widening the table.
    'td:last-child': { overflowWrap: 'anywhere' },
  }),
  green: css({ color: theme.colors.success.text }),
  red: css({ color: theme.colors.error.text }),
  blue: css({ color: theme.colors.info.text }),
  orange: css({ color: theme.colors.warning.text }),
  secondary: css({ color: theme.colors.text.secondary }),
});
