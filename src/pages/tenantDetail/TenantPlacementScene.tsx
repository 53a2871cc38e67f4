import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Button, Field, LoadingPlaceholder, Select, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import type { OperationsApi } from '../../api/operationsApi';
import { placementApi, type PlacementApi } from '../../api/placementApi';
import { ActionFlowScene, type ActionIntent } from '../../shared/ActionFlowScene';
import { RequestSequence } from '../../shared/latestRequest';
import { oneOf, optionalValue } from '../../shared/urlState';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { PermissionButton } from '../../shared/PermissionButton';
import {
  Actions,
  SERVICE_KINDS,
  type CreateJob,
  type ServiceKind,
  type ShardView,
  type TenantPlacement,
} from '../../contract';
import { formatTimestamp } from '../../shared/timestamps';
import { Link } from '../../shared/Link';
import { shardUrl } from '../../shared/routing';
import { dataTableStyle } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';

export interface TenantPlacementSceneState extends SceneObjectState {
  tenantId: string;
  placement?: TenantPlacement;
  error?: ApiRequestError;
  /** The kind whose migration flow is open (URL `migrate`). */
  migrate?: ServiceKind;
  targets: ShardView[];
  target?: string;
  /** Dry run → reason → run of the chosen migration: the shared action flow. */
  flow: ActionFlowScene;
}

/**
 * Tenant → Placement: per service kind the shard, revision and history; Migrate opens target
 * choice (ready shards of the kind in the tenant's environment), then the shared action flow: dry-run plan → reason → run → the
 * job page.
 */
export class TenantPlacementScene extends SceneObjectBase<TenantPlacementSceneState> {
  static Component = TenantPlacementRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['migrate', 'target'] });
  /** Only the latest placement answer and the latest target list (of the kind open now) are applied. */
  private readonly placementLoads = new RequestSequence();
  private readonly targetLoads = new RequestSequence();

  constructor(
    state: Pick<TenantPlacementSceneState, 'tenantId'> & Partial<TenantPlacementSceneState>,
    private readonly api: PlacementApi = placementApi,
    ops?: OperationsApi
  ) {
    super({ targets: [], ...state, flow: state.flow ?? new ActionFlowScene({}, ops) });
    this.addActivationHandler(() => {
      this.load();
      return () => {
        this.placementLoads.cancel();
        this.targetLoads.cancel();
      };
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { migrate: this.state.migrate ?? null, target: this.state.target ?? null };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const migrate = oneOf(values.migrate, SERVICE_KINDS);
    const target = optionalValue(values.target);
    if (migrate !== this.state.migrate || target !== this.state.target) {
      const kindChanged = migrate !== this.state.migrate;
      this.setState({ migrate, target, ...(kindChanged ? { targets: [] } : {}) });
      this.state.flow.reset();
      if (!migrate) {
        this.targetLoads.cancel();
      } else if (this.isActive && this.state.placement) {
        void this.loadTargets(migrate);
      }
    }
  }

  load = async () => {
    const loaded = await this.placementLoads.run(
      () => this.api.getTenantPlacement(this.state.tenantId),
      (placement) => this.setState({ placement, error: undefined }),
      (error) => this.setState({ error })
    );
    if (loaded && this.state.placement && this.state.migrate) {
      await this.loadTargets(this.state.migrate);
    }
  };

  /**
   * The migration targets of `kind`: ready shards of that kind in the tenant's own environment, never
   * its current shard. An answer for a kind no longer open (a slower, earlier request) is dropped.
   */
  private loadTargets(kind: ServiceKind) {
    const placement = this.state.placement;
    const current = placement?.kinds.find((k) => k.kind === kind)?.assignment?.shardId;
    const environment = placement?.environment ?? undefined;
    return this.targetLoads.run(
      () => this.api.listShards({ kind, status: 'ready', environment, limit: 200 }),
      (page) =>
        this.setState({
          targets: page.items.filter(
            (s) => s.kind === kind && s.id !== current && (!environment || s.labels.env === environment)
          ),
        }),
      (error) => this.setState({ error })
    );
  }

  openMigrate = (kind: ServiceKind) => {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ migrate: kind, target: undefined, targets: [] }));
    void this.loadTargets(kind);
  };

  closeMigrate = () => {
    this.targetLoads.cancel();
    this._urlSync.performBrowserHistoryAction(() =>
      this.setState({ migrate: undefined, target: undefined, targets: [] })
    );
  };

  chooseTarget = (target: string) => this._urlSync.performBrowserHistoryAction(() => this.setState({ target }));

  /** Opens the plan of the chosen migration (the flow asks for the reason and runs it). */
  dryRun = () => {
    const { tenantId, migrate, target } = this.state;
    if (migrate && target) {
      this.state.flow.open(migrationIntent(tenantId, migrate, target));
    }
  };
}

/** Moving one service kind of a tenant to another shard, as an intent of the shared action flow. */
function migrationIntent(tenantId: string, kind: ServiceKind, targetShardId: string): ActionIntent {
  return {
    id: `tenant.migrate:${tenantId}:${kind}:${targetShardId}`,
    action: 'migrate',
    title: `Migrate ${kind} of ${tenantId} to ${targetShardId}`,
    permission: Actions.placementWrite,
    runLabel: 'Migrate',
    // The sidecar fills the drain and verify timeouts with their defaults.
    body: (reason) =>
      ({
        type: 'tenant.migrate',
        params: { tenantId, kind, targetShardId },
        reason,
        source: { kind: 'page', ref: 'tenant/placement' },
      }) as CreateJob,
  };
}

function TenantPlacementRenderer({ model }: SceneComponentProps<TenantPlacementScene>) {
  const styles = useStyles2(getStyles);
  const { placement, error, migrate, targets, target, flow } = model.useState();
  if (error && !placement) {
    return <ApiErrorAlert title="Could not load the placement" error={error} onRetry={model.load} />;
  }
  if (!placement) {
    return <LoadingPlaceholder text="Loading placement…" />;
  }
  return (
    <div className={styles.page} data-testid={testIds.placement.tenantPlacement}>
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
            <tr key={k.kind} data-testid={testIds.placement.tenantPlacementRow} data-kind={k.kind}>
              <td>{k.kind}</td>
              <td>{k.assignment ? <Link to={shardUrl(k.assignment.shardId)}>{k.assignment.shardId}</Link> : '—'}</td>
              <td>{k.assignment?.revision ?? '—'}</td>
              <td>
                {k.history.slice(0, 5).map((h) => (
                  <div key={h.revision}>
                    {formatTimestamp(h.at)} {h.previousShardId ? `${h.previousShardId} → ` : ''}
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
        <div className={styles.flow} data-testid={testIds.placement.tenantPlacementMigrate}>
          <h4>Migrate {migrate}</h4>
          {error && <ApiErrorAlert title="Could not load the target shards" error={error} />}
          <Field
            label="Target shard"
            description={`Ready ${migrate} shards in ${placement?.environment ?? 'the tenant’s environment'}`}
          >
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
            <Button variant="secondary" disabled={!target} onClick={model.dryRun}>
              Dry run
            </Button>
            <Button variant="secondary" fill="text" onClick={model.closeMigrate}>
              Close
            </Button>
          </Stack>
        </div>
      )}
      <flow.Component model={flow} />
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
  table: css(dataTableStyle(theme)),
});
