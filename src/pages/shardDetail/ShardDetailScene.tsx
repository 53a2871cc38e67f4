import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { EmptyState, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from '../../shared/Link';
import type { ApiRequestError } from '../../api/ApiRequestError';
import type { OperationsApi } from '../../api/operationsApi';
import { placementApi, type PlacementApi } from '../../api/placementApi';
import { Actions, type ShardTenantPage, type ShardView } from '../../contract';
import { ActionFlowScene } from '../../shared/ActionFlowScene';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { PermissionButton } from '../../shared/PermissionButton';
import { FirstNextPager } from '../../shared/FirstNextPager';
import { ShardStatusBadge } from '../../shared/ShardStatusBadge';
import { fleetUrl, TENANT_TABS, tenantUrl } from '../../shared/routing';
import { SHARD_ACTIONS, shardActionIntent, type ShardAction } from '../../shared/shardActions';
import { dataTableStyle } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';
import { oneOf, optionalValue } from '../../shared/urlState';
import { LatestRequest } from '../../shared/latestRequest';

export interface ShardDetailSceneState extends SceneObjectState {
  shardId: string;
  shard?: ShardView;
  tenants?: ShardTenantPage;
  /** Page of the shard's tenants (URL `cursor`). */
  cursor?: string;
  loading: boolean;
  error?: ApiRequestError;
  /** Cordon / uncordon / drain: the shared plan → reason → run flow. */
  flow: ActionFlowScene;
  /** The action whose plan is open (URL `action`, so an alert link can open it). */
  action?: ShardAction;
}

const TENANT_PAGE_SIZE = 50;

/**
 * One shard: status, environment, region, version, capacity, load and utilization; the tenants it
 * serves (per service kind, paged, each linking to the tenant's Placement tab); cordon, uncordon and
 * drain through the shared action flow. The tenants' page cursor lives in the URL.
 */
export class ShardDetailScene extends SceneObjectBase<ShardDetailSceneState> {
  static Component = ShardDetailRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['cursor', 'action'] });
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(
    state: Pick<ShardDetailSceneState, 'shardId'> & Partial<ShardDetailSceneState>,
    private readonly api: PlacementApi = placementApi,
    ops?: OperationsApi
  ) {
    super({ loading: true, ...state, flow: state.flow ?? new ActionFlowScene({}, ops) });
    this.addActivationHandler(() => {
      void this.load();
      // The plan closed, or its job started (the flow then opens the job page): the action leaves the
      // URL in place of the entry that opened it, so Back returns to the shard, not to the plan.
      const closed = this.state.flow.subscribeToState((now, before) => {
        if (before.intent && !now.intent && this.state.action) this.setState({ action: undefined });
      });
      if (this.state.action && !this.state.flow.state.intent) {
        this.startFlow(this.state.action);
      }
      return () => {
        closed.unsubscribe();
        this.request.cancel();
      };
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { cursor: this.state.cursor ?? null, action: this.state.action ?? null };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const cursor = optionalValue(values.cursor);
    if (cursor !== this.state.cursor) {
      this.setState({ cursor });
      if (this.isActive) {
        void this.load();
      }
    }
    if ('action' in values) {
      const action = oneOf(values.action, SHARD_ACTIONS);
      if (action !== this.state.action) {
        this.setState({ action });
        if (this.isActive && action) {
          this.startFlow(action);
        } else if (!action && this.state.flow.state.intent) {
          // Back past the link that opened it: the plan closes too.
          this.state.flow.reset();
        }
      }
    }
  }

  load = () =>
    this.request.run(
      () =>
        Promise.all([
          this.api.getShard(this.state.shardId),
          this.api.listShardTenants(this.state.shardId, { limit: TENANT_PAGE_SIZE, cursor: this.state.cursor }),
        ]),
      ([shard, tenants]) => this.setState({ shard, tenants, loading: false })
    );

  private navigate(cursor: string | undefined) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ cursor }));
    void this.load();
  }

  nextPage = () => {
    const next = this.state.tenants?.nextCursor;
    if (next) {
      this.navigate(next);
    }
  };

  firstPage = () => this.navigate(undefined);

  /**
   * Opens the action's plan and records it in the URL (`?action=cordon`: a link that opens it, as
   * alert links do); when the flow closes the shard is read again, and when it closes or its job
   * starts the action leaves the URL.
   */
  openAction = (action: ShardAction) => {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ action }));
    this.startFlow(action);
  };

  private startFlow(action: ShardAction) {
    this.state.flow.open(
      shardActionIntent(action, this.state.shardId, 'placement/fleet/shards'),
      () => void this.load()
    );
  }
}

const pct = (u: number | null) => (u === null ? '—' : `${Math.round(u * 100)} %`);

function ShardDetailRenderer({ model }: SceneComponentProps<ShardDetailScene>) {
  const styles = useStyles2(getStyles);
  const { shardId, shard, tenants, cursor, loading, error, flow } = model.useState();
  if (error && !shard) {
    return (
      <div className={styles.page} data-testid={testIds.placement.shardDetail}>
        <ApiErrorAlert title={`Could not load shard ${shardId}`} error={error} onRetry={model.load} />
        <Link to={fleetUrl()}>Back to the fleet</Link>
      </div>
    );
  }
  if (!shard || !tenants) {
    return <LoadingPlaceholder text={`Loading shard ${shardId}…`} />;
  }
  return (
    <div className={styles.page} data-testid={testIds.placement.shardDetail} data-shard={shard.id}>
      {error && <ApiErrorAlert title="Could not refresh the shard" error={error} onRetry={model.load} />}
      <dl className={styles.facts}>
        <dt>Status</dt>
        <dd>
          <ShardStatusBadge status={shard.status} />
        </dd>
        <dt>Service kind</dt>
        <dd>
          <Link to={fleetUrl(shard.kind)}>{shard.kind}</Link>
        </dd>
        <dt>Environment</dt>
        <dd>{shard.labels.env ?? '—'}</dd>
        <dt>Region</dt>
        <dd>{shard.region || '—'}</dd>
        <dt>Version</dt>
        <dd>{shard.version || '—'}</dd>
        <dt>Tenants</dt>
        <dd>{shard.tenants}</dd>
        <dt>Load</dt>
        <dd>
          {shard.load === null ? 'unknown (VictoriaMetrics not readable)' : `${shard.load.toFixed(1)} rps`} of{' '}
          {shard.capacity} rps ({pct(shard.utilization)})
        </dd>
        <dt>Updated</dt>
        <dd>{formatTimestamp(shard.updatedAt)}</dd>
      </dl>
      <Stack direction="row" gap={1}>
        <PermissionButton
          action={Actions.placementWrite}
          variant="secondary"
          disabled={shard.status !== 'ready'}
          title={shard.status !== 'ready' ? `Only a ready shard can be cordoned (it is ${shard.status})` : undefined}
          onClick={() => model.openAction('cordon')}
        >
          Cordon
        </PermissionButton>
        <PermissionButton
          action={Actions.placementWrite}
          variant="secondary"
          disabled={shard.status !== 'cordoned'}
          title={
            shard.status !== 'cordoned' ? `Only a cordoned shard can be uncordoned (it is ${shard.status})` : undefined
          }
          onClick={() => model.openAction('uncordon')}
        >
          Uncordon
        </PermissionButton>
        <PermissionButton
          action={Actions.placementWrite}
          variant="destructive"
          disabled={shard.tenants === 0 || shard.status === 'draining'}
          title={
            shard.tenants === 0 ? 'No tenants to move' : shard.status === 'draining' ? 'Already draining' : undefined
          }
          onClick={() => model.openAction('drain')}
        >
          Drain
        </PermissionButton>
      </Stack>
      <h3>Tenants on {shard.id}</h3>
      {tenants.items.length === 0 ? (
        <EmptyState
          variant="not-found"
          message={
            cursor
              ? 'No more tenants on this shard.'
              : `No tenant is placed on ${shard.id}. Migrations and drains move tenants here.`
          }
        />
      ) : (
        <table className={styles.table} data-testid={testIds.placement.shardTenants} aria-busy={loading}>
          <thead>
            <tr>
              <th>Tenant</th>
              <th>Service kind</th>
              <th className={styles.num}>Revision</th>
              <th className={styles.num}>Writes</th>
              <th>Placed since</th>
            </tr>
          </thead>
          <tbody>
            {tenants.items.map((a) => (
              <tr
                key={`${a.tenantId}|${a.kind}`}
                data-testid={testIds.placement.shardTenantRow}
                data-tenant={a.tenantId}
              >
                <td>
                  <Link to={tenantUrl(a.tenantId, TENANT_TABS.placement)}>{a.tenantId}</Link>
                </td>
                <td>{a.kind}</td>
                <td className={styles.num}>{a.revision}</td>
                <td className={styles.num}>{a.generation}</td>
                <td>{formatTimestamp(a.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FirstNextPager
        cursor={cursor}
        nextCursor={tenants.nextCursor}
        loading={loading}
        onFirst={model.firstPage}
        onNext={model.nextPage}
      />
      <flow.Component model={flow} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  table: css(dataTableStyle(theme)),
  num: css({ textAlign: 'right' }),
});
