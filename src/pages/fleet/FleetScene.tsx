import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { EmptyState, LoadingPlaceholder, Stack, Tab, TabsBar, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { placementApi, type PlacementApi } from '../../api/placementApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { Actions, SERVICE_KINDS, type ServiceKind, type ShardPage } from '../../contract';
import { ActionFlowScene } from '../../shared/ActionFlowScene';
import { LatestRequest } from '../../shared/latestRequest';
import {
  FLEET_URL_KEYS,
  fleetStateFromUrl,
  fleetStateToUrl,
  sameFleetState,
  type FleetUrlState,
} from './fleetUrlState';
import { shardActionIntent, type ShardAction } from '../../shared/shardActions';
import { inventorySyncIntent } from './inventorySync';
import { PermissionButton } from '../../shared/PermissionButton';
import { FirstNextPager } from '../../shared/FirstNextPager';
import { ShardsTable } from './ShardsTable';
import { testIds } from '../../shared/testIds';
import { buildShardLoadScene, type ShardLoadScene } from './buildShardLoadScene';

export interface FleetSceneState extends SceneObjectState, FleetUrlState {
  loading: boolean;
  page?: ShardPage;
  error?: ApiRequestError;
  /** Cordon / uncordon / drain: the shared plan → reason → run flow. */
  flow: ActionFlowScene;
  /** Load per shard and utilization over time of the selected kind (VictoriaMetrics). */
  loadGraphs?: ShardLoadScene['layout'];
}

const FLEET_PAGE_SIZE = 50;

/**
 * Fleet: one tab per service kind, shards with utilization, tenant counts, status and version,
 * cursor pagination; cordon / uncordon / drain open the shared action flow. The tab, the
 * status filter and the cursor live in the URL.
 */
export class FleetScene extends SceneObjectBase<FleetSceneState> {
  static Component = FleetRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...FLEET_URL_KEYS] });
  private readonly request = new LatestRequest((patch) => this.setState(patch));
  private graphs?: ShardLoadScene & { kind: ServiceKind };

  constructor(
    state: Partial<FleetSceneState> = {},
    private readonly api: PlacementApi = placementApi,
    private readonly buildGraphs: ((kind: ServiceKind) => ShardLoadScene) | null = buildShardLoadScene
  ) {
    super({ kind: 'gateway', loading: true, flow: new ActionFlowScene({}), ...state });
    this.addActivationHandler(() => {
      this.load();
      return this.request.cancel;
    });
  }

  /** The graphs follow the kind tab; series of cordoned/draining shards carry their state. */
  private syncGraphs(page?: ShardPage) {
    if (!this.buildGraphs) {
      return;
    }
    if (this.graphs?.kind !== this.state.kind) {
      this.graphs = { ...this.buildGraphs(this.state.kind), kind: this.state.kind };
      this.setState({ loadGraphs: this.graphs.layout });
    }
    if (page) {
      this.graphs.setShards(page.items);
    }
  }

  getUrlState(): SceneObjectUrlValues {
    return fleetStateToUrl(this.state);
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const next = fleetStateFromUrl(values);
    if (sameFleetState(next, this.state)) {
      return;
    }
    this.setState(next);
    if (this.isActive) {
      this.load();
    }
  }

  load = () => {
    this.syncGraphs();
    return this.request.run(
      () =>
        this.api.listShards({
          kind: this.state.kind,
          status: this.state.status,
          cursor: this.state.cursor,
          limit: FLEET_PAGE_SIZE,
        }),
      (page) => {
        this.setState({ page, loading: false });
        this.syncGraphs(page);
      }
    );
  };

  private navigate(patch: Partial<FleetUrlState>) {
    this._urlSync.performBrowserHistoryAction(() => this.setState(patch));
    this.load();
  }

  selectKind = (kind: ServiceKind) => {
    if (kind !== this.state.kind) {
      this.navigate({ kind, cursor: undefined, page: undefined } as Partial<FleetUrlState>);
    }
  };

  nextPage = () => {
    const next = this.state.page?.nextCursor;
    if (next) {
      this.navigate({ cursor: next });
    }
  };

  firstPage = () => this.navigate({ cursor: undefined });

  openAction = (shardId: string, action: ShardAction) => this.state.flow.open(shardActionIntent(action, shardId));

  /** Preview what the platform's inventory would change here, then (with a reason) run the sync job. */
  openInventorySync = () => this.state.flow.open(inventorySyncIntent());
}

function FleetRenderer({ model }: SceneComponentProps<FleetScene>) {
  const styles = useStyles2(getStyles);
  const { kind, cursor, page, loading, error, flow, loadGraphs } = model.useState();
  return (
    <div className={styles.page} data-testid={testIds.placement.fleet}>
      <Stack direction="row" justifyContent="flex-end">
        <PermissionButton
          action={Actions.placementWrite}
          variant="secondary"
          icon="sync"
          onClick={model.openInventorySync}
          data-testid={testIds.placement.inventorySync}
        >
          Sync inventory…
        </PermissionButton>
      </Stack>
      <TabsBar>
        {SERVICE_KINDS.map((k) => (
          <Tab
            key={k}
            label={k}
            active={k === kind}
            onChangeTab={() => model.selectKind(k)}
            data-testid={`${testIds.placement.fleetTabPrefix}${k}`}
          />
        ))}
      </TabsBar>
      {error && <ApiErrorAlert title="Could not load the fleet" error={error} onRetry={model.load} />}
      {!page && !error && <LoadingPlaceholder text="Loading shards…" />}
      {page &&
        (page.items.length === 0 ? (
          <EmptyState
            variant="not-found"
            message={`No ${kind} shards yet. Import them from the platform with “Sync inventory…”.`}
          >
            <PermissionButton action={Actions.placementWrite} icon="sync" onClick={model.openInventorySync}>
              Sync inventory…
            </PermissionButton>
          </EmptyState>
        ) : (
          <ShardsTable items={page.items} loadError={page.loadError} busy={loading} onAction={model.openAction} />
        ))}
      {page && (
        <FirstNextPager
          cursor={cursor}
          nextCursor={page.nextCursor}
          loading={loading}
          onFirst={model.firstPage}
          onNext={model.nextPage}
          nextTestId={testIds.placement.fleetNext}
        />
      )}
      {loadGraphs && (
        <section aria-label="Load over time" data-testid={testIds.panels.fleetLoad}>
          <loadGraphs.Component model={loadGraphs} />
        </section>
      )}
      <flow.Component model={flow} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
