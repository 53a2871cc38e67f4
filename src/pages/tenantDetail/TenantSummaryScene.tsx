import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import type { Unsubscribable } from 'rxjs';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { isolationApi, type IsolationApi } from '../../api/isolationApi';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import {
  ACTIVE_JOB_STATUSES,
  Actions,
  CHECK_LABELS,
  type AuditEntry,
  type Job,
  type TenantIsolation,
} from '../../contract';
import { changeSummary } from '../../shared/auditDiff';
import { AuditOutcomeBadge } from '../../shared/AuditEntryDrawer';
import { EventIsolationProbed, EventTenantsChanged } from '../../shared/events';
import { JobStatusBadge } from '../../shared/JobStatusBadge';
import { LatestRequest, type LoadState } from '../../shared/latestRequest';
import { Loaded } from '../../shared/Loaded';
import { Link } from '../../shared/Link';
import { can } from '../../shared/permissions';
import { jobUrl, operationsUrl, TENANT_TABS, tenantUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { formatTimeAgo, formatTimestamp } from '../../shared/timestamps';
import { VerdictBadge } from '../../shared/VerdictBadge';
import { ACTIVITY_ENTRY_KEY } from './TenantActivityScene';

/** How many active jobs and audit entries the summary lists (the tabs and the hub hold the rest). */
export const SUMMARY_ROWS = 5;
/** While a job runs, the active-jobs card reads again this often, so the summary follows it. */
export const ACTIVE_JOBS_REFRESH_MS = 5_000;

interface Part<T> extends LoadState {
  value?: T;
}

export interface TenantSummarySceneState extends SceneObjectState {
  tenantId: string;
  isolation: Part<TenantIsolation>;
  /** The tenant's active jobs (at most SUMMARY_ROWS), whether more are active, and its latest job of any status. */
  jobs: Part<TenantJobs>;
  activity: Part<{ items: AuditEntry[]; more: boolean }>;
}

type PartKey = 'isolation' | 'jobs' | 'activity';

export interface TenantJobs {
  active: Job[];
  more: boolean;
  /** The newest job, active ones first (what the remediation callout reads). */
  latest?: Job;
}

/** One page of the tenant's jobs (the sidecar lists active jobs first) as the summary shows them. */
export function tenantJobs(page: { items: Job[]; nextCursor: string | null }): TenantJobs {
  const active = page.items.filter((j) => ACTIVE_JOB_STATUSES.includes(j.status));
  return { active, more: active.length === page.items.length && page.nextCursor !== null, latest: page.items[0] };
}

export interface TenantSummaryApis {
  tenants?: Pick<SwitchyardApi, 'tenantActivity'>;
  isolation?: Pick<IsolationApi, 'getTenantIsolation'>;
  operations?: Pick<OperationsApi, 'listJobs'>;
}

/**
 * The Overview tab's summary of a tenant beside its record: its isolation verdict, its active jobs
 * and its latest audit entries, each read behind its own permission (a card the user may not read
 * is not shown, nor asked for) and each with its own loading, error and empty state. Active jobs
 * are read again every few seconds while one runs; a status change or a re-probe reads again. Its
 * read of the jobs also feeds the remediation callout (the newest job), so the tab asks once.
 */
export class TenantSummaryScene extends SceneObjectBase<TenantSummarySceneState> {
  static Component = TenantSummaryRenderer;
  private readonly apis: Required<TenantSummaryApis>;
  private readonly requests: Record<PartKey, LatestRequest>;
  private jobsTimer?: ReturnType<typeof setTimeout>;
  private jobsSeq = 0;

  constructor(state: Pick<TenantSummarySceneState, 'tenantId'>, apis: TenantSummaryApis = {}) {
    super({ isolation: { loading: false }, jobs: { loading: false }, activity: { loading: false }, ...state });
    this.apis = {
      tenants: apis.tenants ?? switchyardApi,
      isolation: apis.isolation ?? isolationApi,
      operations: apis.operations ?? operationsApi,
    };
    const part = (key: PartKey) =>
      new LatestRequest((patch) => this.setState({ [key]: { ...this.state[key], ...patch } }));
    this.requests = { isolation: part('isolation'), jobs: part('jobs'), activity: part('activity') };
    this.addActivationHandler(() => this.onActivate());
  }

  private onActivate() {
    const changed = this.subscribeToEvent(EventTenantsChanged, (e) => {
      if (e.payload.ids.includes(this.state.tenantId)) {
        this.loadJobs();
        this.loadActivity();
      }
    });
    const probed = this.subscribeToEvent(EventIsolationProbed, (e) => {
      if (e.payload.tenantId === this.state.tenantId) {
        this.loadIsolation();
        this.loadActivity();
      }
    });
    this.load();
    return () => {
      changed.unsubscribe();
      probed.unsubscribe();
      clearTimeout(this.jobsTimer);
      Object.values(this.requests).forEach((r) => r.cancel());
    };
  }

  load = () => {
    this.loadIsolation();
    this.loadJobs();
    this.loadActivity();
  };

  loadIsolation = () => {
    if (can(Actions.isolationRead)) {
      void this.requests.isolation.run(
        () => this.apis.isolation.getTenantIsolation(this.state.tenantId),
        (value) => this.setState({ isolation: { value, loading: false } })
      );
    }
  };

  loadJobs = () => {
    if (!can(Actions.operationsRead)) {
      return;
    }
    clearTimeout(this.jobsTimer);
    const seq = ++this.jobsSeq;
    void this.requests.jobs
      .run(
        // Unfiltered: active jobs come first, and the newest job also serves the remediation callout.
        () => this.apis.operations.listJobs({ tenant: this.state.tenantId, limit: SUMMARY_ROWS }),
        (page) => this.setState({ jobs: { value: tenantJobs(page), loading: false } })
      )
      .then(() => {
        // While a job runs (as last read), read again; a failed read is tried again too. Only the latest
        // read schedules, and nothing does once the tab is left.
        if (seq === this.jobsSeq && this.isActive && (this.state.jobs.value?.active.length ?? 0) > 0) {
          this.jobsTimer = setTimeout(this.loadJobs, ACTIVE_JOBS_REFRESH_MS);
        }
      });
  };

  /**
   * Calls `onEnd` whenever a job that was active on the tenant no longer is (it succeeded, failed or
   * was cancelled): what the job changed (the tenant's status) is then worth reading again.
   */
  onJobEnded(onEnd: () => void): Unsubscribable {
    let active = new Set(this.state.jobs.value?.active.map((j) => j.id));
    return this.subscribeToState((s) => {
      if (!s.jobs.value) return;
      const now = new Set(s.jobs.value.active.map((j) => j.id));
      const ended = [...active].some((id) => !now.has(id));
      active = now;
      if (ended) onEnd();
    });
  }

  loadActivity = () => {
    if (can(Actions.activityRead)) {
      void this.requests.activity.run(
        () => this.apis.tenants.tenantActivity(this.state.tenantId, { limit: SUMMARY_ROWS }),
        (page) =>
          this.setState({ activity: { value: { items: page.items, more: page.nextCursor !== null }, loading: false } })
      );
    }
  };
}

function Card({
  title,
  to,
  linkText,
  testId,
  children,
}: {
  title: string;
  to: string;
  linkText: string;
  testId: string;
  children: React.ReactNode;
}) {
  const styles = useStyles2(getStyles);
  return (
    <section aria-label={title} className={styles.card} data-testid={testId}>
      <div className={styles.cardHeader}>
        <Text element="h3" variant="h5">
          {title}
        </Text>
        <Link to={to}>{linkText}</Link>
      </div>
      {children}
    </section>
  );
}

function IsolationBody({ isolation }: { isolation: TenantIsolation }) {
  const styles = useStyles2(getStyles);
  if (!isolation.configured) {
    return <Text color="secondary">Isolation checks are not configured: the platform has no isolation API set.</Text>;
  }
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <VerdictBadge verdict={isolation.verdict} />
        <Text color="secondary" variant="bodySmall">
          {isolation.probedAt ? (
            <span title={formatTimestamp(isolation.probedAt)}>probed {formatTimeAgo(isolation.probedAt)}</span>
          ) : (
            'never probed'
          )}
        </Text>
      </Stack>
      {isolation.error && <Text color="warning">The last probe failed: {isolation.error.message}</Text>}
      {isolation.failing.length === 0 ? (
        isolation.probedAt && <Text color="secondary">Every check passed.</Text>
      ) : (
        <ul className={styles.list} aria-label="Checks that did not pass">
          {isolation.failing.map((f) => (
            <li key={f.check}>
              {CHECK_LABELS[f.check]}: <strong>{f.result}</strong>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

function JobsBody({ jobs }: { jobs: TenantJobs }) {
  const styles = useStyles2(getStyles);
  if (jobs.active.length === 0) {
    return <Text color="secondary">No job is running or waiting on this tenant.</Text>;
  }
  return (
    <ul className={styles.rows}>
      {jobs.active.map((job) => (
        <li key={job.id} data-testid={testIds.tenantSummary.job} data-job-id={job.id}>
          <JobStatusBadge status={job.status} testId={testIds.tenantSummary.jobStatus} />
          <Link to={jobUrl(job.id)}>{job.type}</Link>
          <Text color="secondary" variant="bodySmall">
            {job.stepCount > 0 ? `step ${Math.min(job.currentStep + 1, job.stepCount)} of ${job.stepCount}, ` : ''}
            <span title={formatTimestamp(job.createdAt)}>
              {job.startedAt ? `started ${formatTimeAgo(job.startedAt)}` : `requested ${formatTimeAgo(job.createdAt)}`}
            </span>
            {` by ${job.requestedBy.login}`}
          </Text>
        </li>
      ))}
      {jobs.more && <li className={styles.more}>More are active: All jobs lists every one.</li>}
    </ul>
  );
}

/** What an entry changed (`active → draining`), else the job step or job type it records. */
export function entryNote(entry: AuditEntry): string {
  const change = changeSummary(entry);
  if (change) return change;
  const { step, type } = entry.details;
  if (typeof step === 'string') return `step ${step}`;
  return typeof type === 'string' ? type : '';
}

function ActivityBody({ tenantId, activity }: { tenantId: string; activity: { items: AuditEntry[] } }) {
  const styles = useStyles2(getStyles);
  if (activity.items.length === 0) {
    return <Text color="secondary">Nothing has been recorded about this tenant yet.</Text>;
  }
  const entryUrl = (seq: number) => `${tenantUrl(tenantId, TENANT_TABS.activity)}?${ACTIVITY_ENTRY_KEY}=${seq}`;
  return (
    <ul className={styles.rows}>
      {activity.items.map((entry) => {
        const summary = entryNote(entry);
        return (
          <li key={entry.seq} data-testid={testIds.tenantSummary.activityEntry} data-seq={entry.seq}>
            <AuditOutcomeBadge outcome={entry.outcome} />
            <Link to={entryUrl(entry.seq)}>
              <code>{entry.action}</code>
            </Link>
            <Text color="secondary" variant="bodySmall">
              <span title={formatTimestamp(entry.ts)}>{formatTimeAgo(entry.ts)}</span>
              {` by ${entry.actor.login}`}
              {summary ? `: ${summary}` : ''}
              {entry.reason ? ` (“${entry.reason}”)` : ''}
            </Text>
          </li>
        );
      })}
    </ul>
  );
}

function TenantSummaryRenderer({ model }: SceneComponentProps<TenantSummaryScene>) {
  const styles = useStyles2(getStyles);
  const { tenantId, isolation, jobs, activity } = model.useState();
  // Each card behind the action its read needs; its body is its part's error, loading or content.
  const cards = [
    {
      key: 'isolation',
      action: Actions.isolationRead,
      title: 'Isolation',
      to: tenantUrl(tenantId, TENANT_TABS.isolation),
      linkText: 'Checks and evidence',
      testId: testIds.tenantSummary.isolation,
      body: (
        <Loaded
          value={isolation.value}
          error={isolation.error}
          errorTitle="Could not load the isolation verdict"
          onRetry={model.loadIsolation}
          loading="Loading the isolation verdict…"
        >
          {(value) => <IsolationBody isolation={value} />}
        </Loaded>
      ),
    },
    {
      key: 'jobs',
      action: Actions.operationsRead,
      title: 'Active jobs',
      to: operationsUrl({ tenant: tenantId }),
      linkText: 'All jobs',
      testId: testIds.tenantSummary.jobs,
      body: (
        <Loaded
          value={jobs.value}
          error={jobs.error}
          errorTitle="Could not load the active jobs"
          onRetry={model.loadJobs}
          loading="Loading the active jobs…"
        >
          {(value) => <JobsBody jobs={value} />}
        </Loaded>
      ),
    },
    {
      key: 'activity',
      action: Actions.activityRead,
      title: 'Recent activity',
      to: tenantUrl(tenantId, TENANT_TABS.activity),
      linkText: 'All activity',
      testId: testIds.tenantSummary.activity,
      body: (
        <Loaded
          value={activity.value}
          error={activity.error}
          errorTitle="Could not load the recent activity"
          onRetry={model.loadActivity}
          loading="Loading the recent activity…"
        >
          {(value) => <ActivityBody tenantId={tenantId} activity={value} />}
        </Loaded>
      ),
    },
  ].filter((c) => can(c.action));
  if (cards.length === 0) {
    return null;
  }
  return (
    <div className={styles.grid} data-testid={testIds.tenantSummary.section}>
      {cards.map(({ key, title, to, linkText, testId, body }) => (
        <Card key={key} title={title} to={to} linkText={linkText} testId={testId}>
          {body}
        </Card>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    gap: theme.spacing(2),
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    alignItems: 'start',
  }),
  card: css({
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5, 2),
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  cardHeader: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2.5) }),
  rows: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    '& > li': {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(0.5, 1),
      overflowWrap: 'anywhere',
    },
  }),
  more: css({ color: theme.colors.text.secondary }),
});
