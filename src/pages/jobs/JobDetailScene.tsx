import { css } from '@emotion/css';
import { config, locationService } from '@grafana/runtime';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { ApiErrorAlert, ApiErrorDetails } from '../../shared/ApiErrorAlert';
import { JobStatusBadge } from '../../shared/JobStatusBadge';
import { PermissionButton } from '../../shared/PermissionButton';
import { jobLinks } from '../../shared/jobLinks';
import { ReasonModal } from '../../shared/ReasonModal';
import { jobUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { AuditSearchLink } from '../../shared/AuditSearchLink';
import { ACTIVE_JOB_STATUSES, Actions, type AuditEntry, type JobDetail } from '../../contract';
import { nextPollDelay } from './jobPolling';
import { JobAuditTrail, JobTimeline } from './JobTimeline';
import { buildJobTrafficScene, type JobTrafficScene } from './buildJobTrafficScene';
import { jobMarkers } from '../../shared/panels/markers';
import { RequestSequence } from '../../shared/latestRequest';

type Decision = 'cancel' | 'approve' | 'retry';

const DECISION_TEXT: Record<Decision, { title: string; confirm: string }> = {
  approve: { title: 'Approve this job', confirm: 'Approve' },
  cancel: { title: 'Cancel this job', confirm: 'Cancel job' },
  retry: { title: 'Retry this job', confirm: 'Plan and run again' },
};

export interface JobDetailSceneState extends SceneObjectState {
  jobId: string;
  job?: JobDetail;
  error?: ApiRequestError;
  audit: AuditEntry[];
  /** The cancel/approve confirmation open, if any. */
  deciding?: Decision;
  busy: boolean;
  decisionError?: ApiRequestError;
  /** One Idempotency-Key per retry intent (a resubmit after an error reuses it). */
  retryKey?: string;
  /** Delay before the next poll (ms); undefined when not polling. */
  pollMs?: number;
  /** The job target's traffic around the job window, built once the job is known. */
  traffic?: JobTrafficScene['layout'];
}

/**
 * One job: live step progress (polling with back-off while the job is active), its failure and
 * remediation, cancel / approve gated by permission, and its audit trail.
 */
export class JobDetailScene extends SceneObjectBase<JobDetailSceneState> {
  static Component = JobDetailRenderer;
  private readonly api: OperationsApi;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly requests = new RequestSequence();
  private markers?: JobTrafficScene['markers'];

  constructor(
    state: Pick<JobDetailSceneState, 'jobId'> & Partial<JobDetailSceneState>,
    api: OperationsApi = operationsApi,
    private readonly buildTraffic: ((job: JobDetail) => JobTrafficScene) | null = buildJobTrafficScene
  ) {
    super({ audit: [], busy: false, ...state });
    this.api = api;
    this.addActivationHandler(() => {
      void this.load();
      return () => {
        this.requests.cancel();
        clearTimeout(this.timer);
      };
    });
  }

  load = async () => {
    const isLatest = this.requests.begin();
    clearTimeout(this.timer);
    const before = this.state.job;
    try {
      const job = await this.api.getJob(this.state.jobId);
      if (!isLatest()) {
        return;
      }
      const changed = !before || before.updatedAt !== job.updatedAt || before.status !== job.status;
      this.setState({ job, error: undefined });
      this.showTraffic(job, changed);
      if (changed) {
        void this.loadAudit(isLatest);
      }
      this.schedule(
        isLatest,
        ACTIVE_JOB_STATUSES.includes(job.status)
          ? nextPollDelay(this.state.pollMs, changed ? 'changed' : 'unchanged')
          : undefined
      );
    } catch (e) {
      if (!isLatest()) {
        return;
      }
      const error = toApiRequestError(e);
      this.setState({ error });
      // A missing job will not appear by polling; anything else (network, 5xx) is retried with back-off.
      this.schedule(
        isLatest,
        error.status === 404 || error.status === 403 ? undefined : nextPollDelay(this.state.pollMs, 'error')
      );
    }
  };

  /** Builds the traffic graphs on the first load; later loads only move the step markers. */
  private showTraffic(job: JobDetail, changed: boolean) {
    if (!this.buildTraffic) {
      return;
    }
    if (!this.state.traffic) {
      const built = this.buildTraffic(job);
      this.markers = built.markers;
      this.setState({ traffic: built.layout });
    } else if (changed) {
      this.markers?.setState({ markers: jobMarkers(job) });
    }
  }

  private schedule(isLatest: () => boolean, delay: number | undefined) {
    this.setState({ pollMs: delay });
    if (delay !== undefined && isLatest()) {
      this.timer = setTimeout(() => void this.load(), delay);
    }
  }

  private async loadAudit(isLatest: () => boolean) {
    try {
      const page = await this.api.jobActivity(this.state.jobId, { limit: 100 });
      if (isLatest()) {
        this.setState({ audit: [...page.items].sort((a, b) => a.seq - b.seq) });
      }
    } catch {
      // The trail is secondary; the job itself is shown regardless.
    }
  }

  decide = (deciding: Decision) =>
    this.setState({
      deciding,
      decisionError: undefined,
      retryKey: deciding === 'retry' ? newIdempotencyKey() : undefined,
    });
  dismissDecision = () => this.setState({ deciding: undefined, decisionError: undefined });

  submitDecision = async (reason: string) => {
    const { deciding, job, busy } = this.state;
    if (!deciding || !job || busy) {
      return;
    }
    this.setState({ busy: true, decisionError: undefined });
    try {
      if (deciding === 'retry') {
        const created = await this.api.retryJob(job.id, reason, this.state.retryKey ?? newIdempotencyKey());
        this.setState({ busy: false, deciding: undefined });
        if (created.job) {
          locationService.push(jobUrl(created.job.id));
        }
        return;
      }
      const updated =
        deciding === 'cancel'
          ? await this.api.cancelJob(job.id, reason)
          : await this.api.approveJob(job.id, job.approval.planHash, reason);
      this.setState({ busy: false, deciding: undefined, job: updated, pollMs: undefined });
      void this.load();
    } catch (e) {
      this.setState({ busy: false, decisionError: toApiRequestError(e) });
    }
  };
}

function Decisions({ model, job }: { model: JobDetailScene; job: JobDetail }) {
  const active = ACTIVE_JOB_STATUSES.includes(job.status);
  const ownJob = config.bootData?.user?.login === job.requestedBy.login;
  return (
    <Stack direction="row" gap={1} alignItems="center">
      {job.status === 'awaiting_approval' && (
        <PermissionButton
          action={Actions.operationsApprove}
          disabled={ownJob}
          aria-description={ownJob ? 'You requested this job: another operator must approve it' : undefined}
          onClick={() => model.decide('approve')}
          data-testid={testIds.job.approve}
        >
          Approve…
        </PermissionButton>
      )}
      {active && (
        <PermissionButton
          action={Actions.operationsExecute}
          variant="destructive"
          disabled={job.cancelRequested}
          onClick={() => model.decide('cancel')}
          data-testid={testIds.job.cancel}
        >
          {job.cancelRequested ? 'Cancelling…' : 'Cancel…'}
        </PermissionButton>
      )}
      {(job.status === 'failed' || job.status === 'cancelled') && (
        <PermissionButton
          action={Actions.operationsExecute}
          icon="repeat"
          onClick={() => model.decide('retry')}
          data-testid={testIds.job.retry}
        >
          Retry…
        </PermissionButton>
      )}
      {job.status === 'awaiting_approval' && ownJob && (
        <Text color="secondary">You requested this job: another operator must approve it.</Text>
      )}
    </Stack>
  );
}

/** The pods the job touched and their logs (and the tenant's logs), where to look when it fails. */
function WorkloadLinks({ job }: { job: JobDetail }) {
  const links = jobLinks(job);
  if (!links) {
    return null;
  }
  const { deployments } = links;
  return (
    <Stack direction="row" gap={2} alignItems="center" wrap="wrap">
      <Text color="secondary">
        {deployments.length === 0
          ? `Pods in ${job.environment}:`
          : `${deployments.length === 1 ? 'Deployment' : 'Deployments'} ${deployments.join(', ')}:`}
      </Text>
      <a href={links.pods} data-testid={testIds.job.podsLink}>
        Pods
      </a>
      {links.logs && (
        <a href={links.logs} data-testid={testIds.job.logsLink}>
          Logs in Explore
        </a>
      )}
      {links.tenantLogs && (
        <a href={links.tenantLogs} data-testid={testIds.job.tenantLogsLink}>
          Logs of tenant {job.tenantId}
        </a>
      )}
    </Stack>
  );
}

function JobDetailRenderer({ model }: SceneComponentProps<JobDetailScene>) {
  const { job, error, audit, deciding, busy, decisionError, jobId, traffic } = model.useState();
  const styles = useStyles2(getStyles);
  if (!job) {
    return error ? (
      <ApiErrorAlert
        title={error.status === 404 ? `Job ${jobId} was not found` : 'Could not load the job'}
        error={error}
        onRetry={model.load}
      />
    ) : (
      <LoadingPlaceholder text="Loading job…" />
    );
  }
  return (
    <div data-testid={testIds.job.detail} data-status={job.status} className={styles.page}>
      <Stack direction="column" gap={3}>
        {error && <ApiErrorAlert title="Lost contact with the sidecar; retrying" error={error} />}
        <Stack direction="row" gap={2} alignItems="center" wrap="wrap">
          <JobStatusBadge status={job.status} />
          <Text weight="medium">
            {job.type} on {job.target}
          </Text>
          <Text color="secondary">
            {job.environment} · requested by {job.requestedBy.login} · “{job.reason}”
          </Text>
        </Stack>
        {job.approval.required && (
          <Text color="secondary" data-testid={testIds.job.approval} data-approval={job.approval.status}>
            Approval {job.approval.status}
            {job.approval.approvedBy ? ` by ${job.approval.approvedBy}` : ''}
          </Text>
        )}
        <Decisions model={model} job={job} />
        <WorkloadLinks job={job} />
        {job.error && (
          <Alert
            severity="error"
            title={`Failed${job.error.step ? ` at ${job.error.step}` : ''}: ${job.error.message}`}
            data-testid={testIds.job.failure}
            className={styles.failure}
          >
            <Text>What to do: {job.error.remediation}</Text>
          </Alert>
        )}
        <section aria-label="Progress">
          <Text element="h3" variant="h5">
            Steps ({Math.min(job.currentStep, job.stepCount)}/{job.stepCount})
          </Text>
          <JobTimeline job={job} />
        </section>
        {traffic && (
          <section aria-label="Traffic around this job" data-testid={testIds.panels.jobTraffic}>
            <traffic.Component model={traffic} />
          </section>
        )}
        <section aria-label="Audit trail">
          <Stack direction="row" justifyContent="space-between" alignItems="center">
            <Text element="h3" variant="h5">
              Audit trail
            </Text>
            <AuditSearchLink query={{ job: jobId }} testId={testIds.job.auditLink}>
              Open in the audit page
            </AuditSearchLink>
          </Stack>
          <JobAuditTrail entries={audit} />
        </section>
      </Stack>
      <ReasonModal
        isOpen={deciding !== undefined}
        title={DECISION_TEXT[deciding ?? 'cancel'].title}
        description={
          deciding === 'approve'
            ? `Approve ${job.type} on ${job.target}, requested by ${job.requestedBy.login}.`
            : deciding === 'retry'
              ? `A new ${job.type} job on ${job.target} with the same parameters, planned again (fresh preflight and approval).`
              : 'The job stops between steps; compensation runs where defined.'
        }
        confirmText={DECISION_TEXT[deciding ?? 'cancel'].confirm}
        busy={busy}
        error={decisionError ? <ApiErrorDetails error={decisionError} /> : undefined}
        onSubmit={model.submitDecision}
        onDismiss={model.dismissDecision}
      />
    </div>
  );
}

/** Nothing on the page may widen it past the window: long output and tables scroll in their own boxes. */
const getStyles = () => ({
  page: css({ minWidth: 0, maxWidth: '100%', section: { minWidth: 0, maxWidth: '100%' } }),
  failure: css({ overflowWrap: 'anywhere' }),
});
