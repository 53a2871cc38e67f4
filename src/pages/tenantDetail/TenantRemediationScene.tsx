import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from '../../shared/Link';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import {
  ACTIVE_JOB_STATUSES,
  Actions,
  type Job,
  type Tenant,
  type TenantStatus,
  RECONCILE_PREFERENCES,
} from '../../contract';
import { ActionFlowScene, type ActionIntent } from '../../shared/ActionFlowScene';
import { EventTenantsChanged } from '../../shared/events';
import { PermissionButton } from '../../shared/PermissionButton';
import { can } from '../../shared/permissions';
import { jobUrl, tenantUrl } from '../../shared/routing';
import { RequestSequence } from '../../shared/latestRequest';
import type { TenantSummaryScene } from './TenantSummaryScene';

type Prefer = (typeof RECONCILE_PREFERENCES)[number];

/** A scene that reads the tenant's jobs (the Overview's summary), whose newest job the callout follows. */
export type LatestJobSource = Pick<TenantSummaryScene, 'state' | 'subscribeToState' | 'onJobEnded'>;

/** Statuses a job leaves behind while it runs; without an active job they need an operator. */
const IN_BETWEEN: readonly TenantStatus[] = ['draining', 'migrating'];

export const remediationTestIds = {
  callout: 'tenant-remediation',
  jobLink: 'tenant-remediation-job-link',
  reconcile: 'tenant-remediation-reconcile',
  prefer: 'tenant-remediation-prefer',
};

export interface TenantRemediationSceneState extends SceneObjectState {
  tenantId: string;
  tenant?: Tenant;
  /** The tenant's latest job (active jobs first), when the user may read jobs. */
  latestJob?: Job;
  /**
   * False while the jobs followed from the summary are not read (yet, or the read failed): the callout
   * does not decide then, since a running job would explain the tenant's state.
   */
  jobsKnown?: boolean;
  prefer: Prefer;
  flow: ActionFlowScene;
}

/** What the callout says, or null when the tenant needs nothing. */
export interface Remediation {
  title: string;
  /** What failed: job type, step and error message. */
  failure?: string;
  remediation: string;
  job?: Job;
}

export function remediationFor(tenant: Tenant | undefined, job: Job | undefined): Remediation | null {
  if (!tenant || (job && ACTIVE_JOB_STATUSES.includes(job.status))) {
    return null;
  }
  if (job?.status === 'failed' && job.error) {
    return {
      title: `The last job on this tenant failed: ${job.type}`,
      failure: `Step ${job.error.step ?? '(before the first step)'} failed: ${job.error.message}`,
      remediation: job.error.remediation,
      job,
    };
  }
  if (IN_BETWEEN.includes(tenant.status)) {
    return {
      title: `Tenant is ${tenant.status} but no job is running`,
      remediation:
        'The control plane and the platform may disagree about this tenant. Reconcile them: the plan lists every difference before anything changes.',
      job,
    };
  }
  return null;
}

/**
 * The Overview tab's callout when a tenant is left in between: its latest job failed, or it is
 * draining / migrating with no job running. It shows what failed and the job's remediation, links
 * to the job, and launches `tenant.reconcile` through the shared plan → reason → run flow.
 */
export class TenantRemediationScene extends SceneObjectBase<TenantRemediationSceneState> {
  static Component = TenantRemediationRenderer;
  private readonly requests = new RequestSequence();

  constructor(
    state: Pick<TenantRemediationSceneState, 'tenantId'> & Partial<TenantRemediationSceneState>,
    private readonly api: Pick<SwitchyardApi, 'getTenant'> = switchyardApi,
    private readonly ops: OperationsApi = operationsApi,
    /** The scene that already reads the tenant's jobs on this tab: the callout follows its newest job. */
    private readonly jobs?: LatestJobSource
  ) {
    super({ prefer: 'control-plane', flow: new ActionFlowScene({}, ops), ...state });
    // A record handed in (just read by the page) serves the first load; later loads read it again.
    let fresh = state.tenant !== undefined;
    this.addActivationHandler(() => {
      const known = fresh ? this.state.tenant : undefined;
      fresh = false;
      return this.onActivate(known);
    });
  }

  private onActivate(known: Tenant | undefined) {
    const sub = this.subscribeToEvent(EventTenantsChanged, () => this.load());
    const follow = (s: LatestJobSource['state']) =>
      this.setState({ latestJob: s.jobs.value?.latest, jobsKnown: this.jobsKnown(s) });
    const followed = this.jobs?.subscribeToState(follow);
    // A job that ended changed the tenant (its status): read it again.
    const ended = this.jobs?.onJobEnded(() => void this.load());
    if (this.jobs) follow(this.jobs.state);
    void this.load(known);
    return () => {
      sub.unsubscribe();
      followed?.unsubscribe();
      ended?.unsubscribe();
      this.requests.cancel();
    };
  }

  /** Reads the tenant (unless `known`, a record just read) and, unless another scene does, its latest job. */
  load = async (known?: Tenant) => {
    const isLatest = this.requests.begin();
    const [tenant, jobs] = await Promise.allSettled([
      known ?? this.api.getTenant(this.state.tenantId),
      this.jobs ? undefined : this.ops.listJobs({ tenant: this.state.tenantId, limit: 1 }),
    ]);
    if (!isLatest()) {
      return;
    }
    const latestFromPage = jobs.status === 'fulfilled' ? jobs.value?.items[0] : undefined;
    this.setState({
      tenant: tenant.status === 'fulfilled' ? tenant.value : undefined,
      latestJob: this.jobs ? this.jobs.state.jobs.value?.latest : latestFromPage,
      jobsKnown: this.jobs ? this.jobsKnown(this.jobs.state) : true,
    });
  };

  /** Whether the followed jobs are read: known, or not the user's to read (then the status alone decides). */
  private jobsKnown(s: LatestJobSource['state']): boolean {
    return s.jobs.value !== undefined || !can(Actions.operationsRead);
  }

  setPrefer = (prefer: Prefer) => this.setState({ prefer });

  reconcile = () => {
    const { tenantId, prefer } = this.state;
    const intent: ActionIntent = {
      id: `tenant.reconcile:${tenantId}:${prefer}`,
      action: 'reconcile',
      title: `Reconcile tenant ${tenantId} (keep the ${prefer === 'platform' ? 'platform' : 'control plane'})`,
      body: (reason) => ({
        type: 'tenant.reconcile',
        params: { tenantId, prefer },
        reason,
        source: { kind: 'page', ref: tenantUrl(tenantId) },
      }),
      permission: Actions.operationsExecute,
      runLabel: 'Reconcile',
    };
    this.state.flow.open(intent);
  };
}

const PREFER_OPTIONS = [
  { label: 'Keep the control plane', value: 'control-plane' as const, description: 'Drain / undrain on shards' },
  { label: 'Keep the platform', value: 'platform' as const, description: 'Set the tenant status' },
];

function TenantRemediationRenderer({ model }: SceneComponentProps<TenantRemediationScene>) {
  const { tenant, latestJob, jobsKnown, prefer, flow } = model.useState();
  const styles = useStyles2(getStyles);
  const r = jobsKnown === false ? null : remediationFor(tenant, latestJob);
  if (!r) {
    return <flow.Component model={flow} />;
  }
  return (
    <div data-testid={remediationTestIds.callout}>
      <Alert severity="warning" title={r.title}>
        <Stack direction="column" gap={1}>
          {r.failure && <Text>{r.failure}</Text>}
          <Text element="p">
            <span className={styles.label}>Remediation: </span>
            {r.remediation}
          </Text>
          {r.job && (
            <Link to={jobUrl(r.job.id)} data-testid={remediationTestIds.jobLink}>
              {`Open job ${r.job.type} (${r.job.status})`}
            </Link>
          )}
          <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
            <RadioButtonGroup
              size="sm"
              options={PREFER_OPTIONS}
              value={prefer}
              onChange={model.setPrefer}
              data-testid={remediationTestIds.prefer}
            />
            <PermissionButton
              action={Actions.operationsExecute}
              variant="primary"
              onClick={model.reconcile}
              data-testid={remediationTestIds.reconcile}
            >
              Reconcile…
            </PermissionButton>
          </Stack>
        </Stack>
      </Alert>
      <flow.Component model={flow} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  label: css({ fontWeight: theme.typography.fontWeightMedium }),
});
