import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, Button, Field, Input, LinkButton, LoadingPlaceholder, Select, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { placementApi, type PlacementApi } from '../../api/placementApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { jobUrl } from '../../shared/routing';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { PermissionButton } from '../../shared/PermissionButton';
import {
  Actions,
  SERVICE_KINDS,
  type CreateJob,
  type JobPlan,
  type ServiceKind,
  type ShardView,
  type TenantPlacement,
} from '../../contract';

export interface TenantPlacementSceneState extends SceneObjectState {
  tenantId: string;
  placement?: TenantPlacement;
  error?: ApiRequestError;
  /** The kind whose migration flow is open (URL `migrate`). */
  migrate?: ServiceKind;
  targets: ShardView[];
  target?: string;
  plan?: JobPlan;
  reason: string;
  busy: boolean;
  jobId?: string;
  idempotencyKey?: string;
}

const one = (v: SceneObjectUrlValues[string]) => (Array.isArray(v) ? v[0] : v) ?? undefined;

/**
 * Tenant → Placement: per service kind the shard, revision and history; Migrate opens target
 * choice (ready shards of the kind) → dry-run plan → reason → run → link to the job page.
 */
export class TenantPlacementScene extends SceneObjectBase<TenantPlacementSceneState> {
  static Component = TenantPlacementRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['migrate', 'target'] });

  constructor(
    state: Pick<TenantPlacementSceneState, 'tenantId'> & Partial<TenantPlacementSceneState>,
    private readonly api: PlacementApi = placementApi,
    private readonly ops: OperationsApi = operationsApi
  ) {
    super({ targets: [], reason: '', busy: false, ...state });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { migrate: this.state.migrate ?? null, target: this.state.target ?? null };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const k = one(values.migrate);
    const migrate = SERVICE_KINDS.includes(k as ServiceKind) ? (k as ServiceKind) : undefined;
    const target = one(values.target) || undefined;
    if (migrate !== this.state.migrate || target !== this.state.target) {
      this.setState({ migrate, target, plan: undefined });
      if (migrate && this.isActive) {
        this.loadTargets(migrate);
      }
    }
  }

  load = async () => {
    try {
      this.setState({ placement: await this.api.getTenantPlacement(this.state.tenantId), error: undefined });
      if (this.state.migrate) {
        await this.loadTargets(this.state.migrate);
      }
    } catch (e) {
      this.setState({ error: toApiRequestError(e) });
    }
  };

  private async loadTargets(kind: ServiceKind) {
    const current = this.state.placement?.kinds.find((k) => k.kind === kind)?.assignment?.shardId;
    const page = await this.api.listShards({ kind, status: 'ready', limit: 200 });
    this.setState({ targets: page.items.filter((s) => s.id !== current) });
  }

  openMigrate = (kind: ServiceKind) => {
    this._urlSync.performBrowserHistoryAction(() =>
      this.setState({
        migrate: kind,
        target: undefined,
        plan: undefined,
        jobId: undefined,
        reason: '',
        idempotencyKey: newIdempotencyKey(),
      })
    );
    this.loadTargets(kind).catch((e) => this.setState({ error: toApiRequestError(e) }));
  };

  closeMigrate = () =>
    this._urlSync.performBrowserHistoryAction(() =>
      this.setState({ migrate: undefined, target: undefined, plan: undefined })
    );

  chooseTarget = (target: string) =>
    this._urlSync.performBrowserHistoryAction(() => this.setState({ target, plan: undefined }));

  setReason = (reason: string) => this.setState({ reason });

  private body(reason: string): CreateJob {
    return {
      type: 'tenant.migrate',
      params: { tenantId: this.state.tenantId, kind: this.state.migrate!, targetShardId: this.state.target! },
      reason,
      source: { kind: 'page', ref: 'tenant/placement' },
    } as CreateJob;
  }

  dryRun = async () => {
    this.setState({ busy: true, error: undefined });
    try {
      const res = await this.ops.createJob(this.body('dry run'), true, newIdempotencyKey());
      this.setState({ plan: res.plan, busy: false });
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };

  run = async () => {
    this.setState({ busy: true, error: undefined });
    try {
      const res = await this.ops.createJob(
        this.body(this.state.reason),
        false,
        this.state.idempotencyKey ?? newIdempotencyKey()
      );
      this.setState({ busy: false, jobId: res.job?.id });
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };
}

function TenantPlacementRenderer({ model }: SceneComponentProps<TenantPlacementScene>) {
  const styles = useStyles2(getStyles);
  const { placement, error, migrate, targets, target, plan, reason, busy, jobId } = model.useState();
  if (error && !placement) {
    return <ApiErrorAlert title="Could not load the placement" error={error} onRetry={model.load} />;
  }
  if (!placement) {
    return <LoadingPlaceholder text="Loading placement…" />;
  }
  return (
    <div className={styles.page} data-testid="tenant-placement">
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Service kind</th>
            <th>Shard</th>
            <th>Revision</th>
            <th>History (newest first)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {placement.kinds.map((k) => (
            <tr key={k.kind} data-testid="tenant-placement-row" data-kind={k.kind}>
              <td>{k.kind}</td>
              <td>{k.assignment?.shardId ?? '—'}</td>
              <td>{k.assignment?.revision ?? '—'}</td>
              <td>
                {k.history.slice(0, 5).map((h) => (
                  <div key={h.revision}>
                    {h.at.slice(0, 19)} {h.previousShardId ? `${h.previousShardId} → ` : ''}
                    {h.shardId} ({h.actor}
                    {h.reason ? `: ${h.reason}` : ''})
                  </div>
                ))}
              </td>
              <td>
                <PermissionButton
                  action={Actions.placementWrite}
                  size="sm"
                  variant="secondary"
                  disabled={!k.assignment}
                  onClick={() => model.openMigrate(k.kind)}
                >
                  Migrate
                </PermissionButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {migrate && (
        <div className={styles.flow} data-testid="tenant-placement-migrate">
          <h4>Migrate {migrate}</h4>
          {error && <ApiErrorAlert title="The migration could not be planned or started" error={error} />}
          <Field label="Target shard" description="Ready shards of the same kind">
            <Select
              aria-label="Target shard"
              width={40}
              options={targets.map((s) => ({
                label: `${s.id} (${s.utilization === null ? '?' : Math.round(s.utilization * 100)} %)`,
                value: s.id,
              }))}
              value={target}
              onChange={(o) => o.value && model.chooseTarget(o.value)}
            />
          </Field>
          <Stack direction="row" gap={1}>
            <Button variant="secondary" disabled={!target || busy} onClick={model.dryRun}>
              Dry run
            </Button>
            <Button variant="secondary" fill="text" onClick={model.closeMigrate}>
              Close
            </Button>
          </Stack>
          {plan && (
            <div data-testid="tenant-placement-plan">
              <ul>
                {plan.preflight.map((c) => (
                  <li key={c.name} data-ok={String(c.ok)}>
                    {c.ok ? '✓' : '✗'} {c.name}: {c.message}
                    {c.threshold !== undefined
                      ? ` (measured ${JSON.stringify(c.measured)}, threshold ${JSON.stringify(c.threshold)})`
                      : ''}
                  </li>
                ))}
              </ul>
              <ol>
                {plan.steps.map((s) => (
                  <li key={s.name}>{s.title}</li>
                ))}
              </ol>
              {plan.blocked && <Alert severity="error" title="Preflight blocked this migration" />}
              {jobId ? (
                <LinkButton href={jobUrl(jobId)}>Open the job</LinkButton>
              ) : (
                <Stack direction="row" gap={1} alignItems="flex-end">
                  <Field label="Reason">
                    <Input
                      aria-label="Reason"
                      value={reason}
                      onChange={(e) => model.setReason(e.currentTarget.value)}
                      width={50}
                    />
                  </Field>
                  <PermissionButton
                    action={Actions.placementWrite}
                    disabled={busy || plan.blocked || reason.trim().length < 3}
                    onClick={model.run}
                  >
                    Migrate
                  </PermissionButton>
                </Stack>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  flow: css({
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
  }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
  }),
});
