import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { SceneComponentProps } from '@grafana/scenes';
import { Alert, EmptyState, Select, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { deploymentsApi, type DeploymentsApi } from '../../api/deploymentsApi';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import {
  ENVIRONMENTS,
  type Deployment,
  type Freeze,
  type FreezeScope,
  type Job,
  type VersionMatrix,
} from '../../contract';
import { ActionFlowScene } from '../../shared/ActionFlowScene';
import { LiveScene, type LiveSceneState } from '../../shared/LiveScene';
import { selectOptions } from '../../shared/MultiSelectFilter';
import { Loaded, noItems } from '../../shared/Loaded';
import { ListRefreshPicker } from '../../shared/RefreshPicker';
import { ReasonModal } from '../../shared/ReasonModal';
import { changeDialog, ChangeFailed, ReasonedChange, type ChangeState } from '../../shared/ReasonedChange';
import { jobUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { DEPLOYMENTS_URL_STATE, type DeploymentsUrlState } from './deploymentsUrlState';
import { FreezesPanel } from './FreezesPanel';
import { GateDetails } from './GateDetails';
import { RolloutForm } from './RolloutForm';
import { DEFAULT_ROLLOUT_FORM, rolloutIntent, type RolloutForm as Form } from './rolloutIntent';
import { RolloutsTable, type ControlVerb } from './RolloutsTable';
import { VersionMatrixTable } from './VersionMatrixTable';

/** While a rollout is active the page refreshes this often (live gate values, matrix states). */
export const LIVE_REFRESH_MS = 2000;

/** A change on the page that needs a reason. */
type Change = { kind: 'control'; verb: ControlVerb; deployment: Deployment } | { kind: 'lift'; freeze: Freeze };

export interface DeploymentsSceneState extends LiveSceneState, DeploymentsUrlState, ChangeState<Change> {
  matrix?: VersionMatrix;
  matrixError?: ApiRequestError;
  rollouts?: Deployment[];
  rolloutsError?: ApiRequestError;
  /** Rollout jobs not started yet (waiting for a second operator, or queued). */
  waiting?: Job[];
  freezes?: Freeze[];
  freezesError?: ApiRequestError;
  tags?: string[];
  tagsError?: string;
  form: Form;
  flow: ActionFlowScene;
  /** When the data on screen was read (freezes in force are judged against it). */
  readAt: Date;
}

/**
 * Deployments: the version matrix, rollouts (active first, live while one runs) with their gates'
 * measured values and thresholds, deploy freezes, and a form that opens the shared preflight flow
 * to start a rollout. The environment filter, the selected deployment and the refresh interval live
 * in the URL.
 */
export class DeploymentsScene extends LiveScene<DeploymentsSceneState, DeploymentsUrlState> {
  static Component = DeploymentsRenderer;
  readonly change = new ReasonedChange<Change>(
    this,
    (c, reason) => this.run(c, reason),
    () => void this.load()
  );

  constructor(
    state: Partial<DeploymentsSceneState> = {},
    private readonly api: DeploymentsApi = deploymentsApi,
    private readonly ops: OperationsApi = operationsApi
  ) {
    super(
      {
        form: { ...DEFAULT_ROLLOUT_FORM, kind: 'gateway', environment: 'staging', imageVersion: '' },
        flow: new ActionFlowScene({}, ops),
        busy: false,
        readAt: new Date(),
        refresh: 'off',
        refreshFailures: 0,
        ...state,
      },
      'refresh',
      'off',
      DEPLOYMENTS_URL_STATE
    );
    this.addActivationHandler(() => void this.loadTags());
  }

  /**
   * Reads the matrix, the rollouts and the freezes (each shown, or its error, on its own); schedules
   * the next read while a rollout is active. Fails when one of the three could not be read.
   */
  load = async (): Promise<boolean> => {
    const isLatest = this.latest.begin();
    this.cancelReload();
    const env = this.state.environment;
    const [matrix, rollouts, freezes, waiting] = await Promise.allSettled([
      this.api.getVersionMatrix(),
      this.api.listDeployments({ limit: 50, ...(env ? { environment: env } : {}) }),
      this.api.listFreezes(),
      this.ops.listJobs({
        limit: 20,
        type: ['deployment.rollout'],
        status: ['awaiting_approval', 'queued'],
        ...(env ? { environment: [env] } : {}),
      }),
    ]);
    const ok = matrix.status === 'fulfilled' && rollouts.status === 'fulfilled' && freezes.status === 'fulfilled';
    if (!isLatest()) return ok;
    const patch: Partial<DeploymentsSceneState> = { readAt: new Date() };
    if (matrix.status === 'fulfilled') Object.assign(patch, { matrix: matrix.value, matrixError: undefined });
    else patch.matrixError = toApiRequestError(matrix.reason);
    if (rollouts.status === 'fulfilled')
      Object.assign(patch, { rollouts: rollouts.value.items, rolloutsError: undefined });
    else patch.rolloutsError = toApiRequestError(rollouts.reason);
    if (freezes.status === 'fulfilled') Object.assign(patch, { freezes: freezes.value.items, freezesError: undefined });
    else patch.freezesError = toApiRequestError(freezes.reason);
    // Waiting rollouts are a hint beside the list: without operations:read they are simply not shown.
    patch.waiting = waiting.status === 'fulfilled' ? waiting.value.items : [];
    this.loaded(ok, patch);
    const live =
      (patch.rollouts ?? this.state.rollouts ?? []).some((d) => d.finishedAt === null) ||
      (patch.waiting ?? []).length > 0;
    if (live) this.reloadIn(LIVE_REFRESH_MS);
    return ok;
  };

  loadTags = async () => {
    const kind = this.state.form.kind;
    this.setState({ tags: undefined, tagsError: undefined });
    try {
      const r = await this.api.listImageTags(kind);
      if (this.state.form.kind === kind) this.setState({ tags: r.tags });
    } catch (e) {
      this.setState({ tagsError: `Image versions could not be read: ${toApiRequestError(e).message}` });
    }
  };

  setEnvironment = (environment: DeploymentsUrlState['environment']) => {
    this.navigate({ environment });
    void this.load();
  };

  select = (deployment: string | undefined) => this.navigate({ deployment });

  changeForm = (patch: Partial<Form>) => {
    const kindChanged = patch.kind !== undefined && patch.kind !== this.state.form.kind;
    this.setState({ form: { ...this.state.form, ...patch } });
    if (kindChanged) void this.loadTags();
  };

  planRollout = () => this.state.flow.open(rolloutIntent(this.state.form), () => void this.load());

  askControl = (verb: ControlVerb, deployment: Deployment) => this.change.ask({ kind: 'control', verb, deployment });
  askLift = (freeze: Freeze) => this.change.ask({ kind: 'lift', freeze });
  dismiss = this.change.dismiss;
  confirm = this.change.confirm;

  private async run(c: Change & { key: string }, reason: string) {
    if (c.kind === 'control') await this.api.control(c.verb, c.deployment.id, reason, c.key);
    else await this.api.liftFreeze(c.freeze.id, reason, c.key);
  }

  createFreeze = (input: { scope: FreezeScope; reason: string; expiresAt: string }) =>
    this.change.perform(async () => void (await this.api.createFreeze(input, newIdempotencyKey())));
}

function pendingTitle(c: Change): string {
  if (c.kind === 'lift') return `Lift the ${c.freeze.scope} deploy freeze`;
  const verb = { pause: 'Pause', resume: 'Resume', abort: 'Abort and roll back' }[c.verb];
  return `${verb}: ${c.deployment.kind} ${c.deployment.toVersion} in ${c.deployment.environment}`;
}

function DeploymentsRenderer({ model }: SceneComponentProps<DeploymentsScene>) {
  const styles = useStyles2(getStyles);
  const s = model.useState();
  const { flow, matrix, rollouts, freezes, environment, deployment, pending } = s;
  const cells = (matrix?.cells ?? []).filter((c) => !environment || c.environment === environment);
  const selected = rollouts?.find((d) => d.id === deployment);
  return (
    <div className={styles.page} data-testid={testIds.deployments.page}>
      <Stack direction="row" gap={2} alignItems="center">
        <Text element="span">Environment</Text>
        <Select
          options={[{ value: '', label: 'All environments' }, ...selectOptions(ENVIRONMENTS)]}
          value={environment ?? ''}
          onChange={(o) => model.setEnvironment((o.value || undefined) as DeploymentsUrlState['environment'])}
          width={22}
          aria-label="Filter by environment"
        />
        <ListRefreshPicker list={model} what="deployments" />
      </Stack>
      <ChangeFailed state={s} onRetry={model.load} />

      <section>
        <Text element="h3">Deploy freezes</Text>
        <Loaded value={freezes} error={s.freezesError} errorTitle="Could not load freezes" onRetry={model.load}>
          {(items) => (
            <FreezesPanel
              freezes={items}
              now={s.readAt}
              busy={s.busy}
              onCreate={model.createFreeze}
              onLift={model.askLift}
            />
          )}
        </Loaded>
      </section>

      <section>
        <Text element="h3">Rollouts</Text>
        {(s.waiting ?? []).length > 0 && (
          <Alert severity="info" title="Waiting to start" data-testid={testIds.deployments.waiting}>
            <Stack direction="column" gap={0.5}>
              {(s.waiting ?? []).map((j) => (
                <TextLink key={j.id} href={jobUrl(j.id)} inline={false}>
                  {`${j.target} — ${j.status === 'awaiting_approval' ? 'waiting for a second operator' : 'queued'} (${j.requestedBy.login})`}
                </TextLink>
              ))}
            </Stack>
          </Alert>
        )}
        <Loaded
          value={rollouts}
          error={s.rolloutsError}
          errorTitle="Could not load rollouts"
          onRetry={model.load}
          loading="Loading rollouts…"
          isEmpty={noItems}
          empty={
            <EmptyState variant="call-to-action" message="No rollouts yet. Plan one below: the preflight runs first." />
          }
        >
          {(items) => (
            <RolloutsTable items={items} selected={deployment} onSelect={model.select} onControl={model.askControl} />
          )}
        </Loaded>
        {deployment && !selected && rollouts && (
          <Text color="secondary">Deployment {deployment} is not in this list (another environment filter?).</Text>
        )}
        {selected && (
          <div className={styles.detail} data-testid={testIds.deployments.detail} data-status={selected.status}>
            <Text element="h4">
              Gates of {selected.kind} {selected.fromVersion} → {selected.toVersion} (
              {selected.status.replace('_', ' ')})
            </Text>
            {selected.outcomeReason && <p data-testid={testIds.deployments.outcome}>{selected.outcomeReason}</p>}
            <GateDetails gates={selected.gates} />
          </div>
        )}
      </section>

      <section>
        <Text element="h3">Start a rollout</Text>
        <RolloutForm
          form={s.form}
          tags={s.tags}
          tagsError={s.tagsError}
          cells={matrix?.cells ?? []}
          onChange={model.changeForm}
          onPlan={model.planRollout}
        />
      </section>

      <section>
        <Text element="h3">Version matrix</Text>
        <Loaded
          value={matrix}
          error={s.matrixError}
          errorTitle="Could not load the version matrix"
          onRetry={model.load}
          loading="Loading the version matrix…"
        >
          {(m) => (
            <>
              {m.error && (
                <Alert
                  severity="warning"
                  title="The version matrix is incomplete"
                  data-testid={testIds.deployments.matrixError}
                >
                  {m.error}
                </Alert>
              )}
              {cells.length === 0 ? (
                <EmptyState variant="not-found" message="No service deployments found in the platform's namespaces." />
              ) : (
                <VersionMatrixTable cells={cells} />
              )}
            </>
          )}
        </Loaded>
      </section>

      <flow.Component model={flow} />
      {pending && (
        <ReasonModal
          {...changeDialog(s, model.change)}
          title={pendingTitle(pending)}
          confirmText={pending.kind === 'lift' ? 'Lift' : pending.verb}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3) }),
  detail: css({ marginTop: theme.spacing(2) }),
});
