import {
  CustomVariable,
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneReactObject,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneDataLayerControls,
  SceneDataLayerSet,
  SceneVariableSet,
  VariableValueSelectors,
  sceneGraph,
  type SceneObject,
} from '@grafana/scenes';
import { configApi, type ConfigApi } from '../../api/configApi';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { DATASOURCE_UIDS } from '../../constants';
import { LOG_LEVELS, type LogLevel } from '../../shared/queries';
import { metricsPanelGroup } from '../../shared/panels/observedPanels';
import { ObservedPanelScene } from '../../shared/panels/ObservedPanelScene';
import { jobMarkersLayer } from '../../shared/panels/markers';
import { TenantDashboardLinks } from './DashboardLinks';
import {
  tenantLogQuery,
  tenantMetricPanels,
  tenantMetricQueries,
  type TenantRateLimit,
} from './tenantObservabilityQueries';

export const LEVEL_VARIABLE = 'level';
const DEFAULT_LEVEL: LogLevel = 'info';

const isLogLevel = (v: unknown): v is LogLevel => LOG_LEVELS.includes(v as LogLevel);

/** The log level chosen in the `level` variable (`var-level` in the URL). */
function chosenLevel(scene: SceneObject): LogLevel {
  const value = sceneGraph.lookupVariable(LEVEL_VARIABLE, scene)?.getValue();
  return isLogLevel(value) ? value : DEFAULT_LEVEL;
}

/** The tenant's logs (Loki) at the chosen level and above; the query follows the level variable. */
export function tenantLogsPanel(tenantId: string): ObservedPanelScene {
  const runner = new SceneQueryRunner({
    datasource: { type: 'loki', uid: DATASOURCE_UIDS.logs },
    queries: [tenantLogQuery(tenantId, DEFAULT_LEVEL)],
    maxDataPoints: 500,
  });
  const followLevel = (scene: ObservedPanelScene) => {
    const apply = () => {
      const query = tenantLogQuery(tenantId, chosenLevel(scene));
      if (runner.state.queries[0]?.expr !== query.expr) {
        runner.setState({ queries: [query] });
        runner.runQueries();
      }
    };
    apply();
    const variable = sceneGraph.lookupVariable(LEVEL_VARIABLE, scene);
    const sub = variable?.subscribeToState(apply);
    return () => sub?.unsubscribe();
  };
  return new ObservedPanelScene({
    $data: runner,
    $behaviors: [followLevel],
    panel: PanelBuilders.logs().setTitle('Logs').setOption('showTime', true).build(),
    sourceName: 'Loki',
    emptyText: 'No log lines in this range',
  });
}

/** The level filter of the logs panel, kept in the URL as `var-level`. */
export function levelVariable(): CustomVariable {
  return new CustomVariable({
    name: LEVEL_VARIABLE,
    label: 'Log level',
    query: LOG_LEVELS.join(','),
    value: DEFAULT_LEVEL,
    text: DEFAULT_LEVEL,
  });
}

/**
 * A tenant's traffic, errors, latency, saturation of its rate limit and load per service kind
 * (VictoriaMetrics, one request for all graphs), its jobs marked on every graph (Switchyard data
 * source), its logs (Loki) and links to the dashboards; time range, refresh and log level live in the URL.
 */
export function tenantObservabilityLayout(tenantId: string, limit?: TenantRateLimit): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: [levelVariable()] }),
    $data: new SceneDataLayerSet({ layers: [jobMarkersLayer({ tenant: tenantId })] }),
    children: [
      new SceneFlexLayout({
        direction: 'row',
        children: [
          new SceneFlexItem({
            body: new SceneReactObject({ component: TenantDashboardLinks, props: { tenantId } }),
          }),
          // The job markers' switch; rendering it is what activates the layer.
          new SceneFlexItem({ width: 'auto', body: new SceneDataLayerControls() }),
          new SceneFlexItem({ width: 'auto', body: new SceneTimePicker({ isOnCanvas: true }) }),
          new SceneFlexItem({ width: 'auto', body: new SceneRefreshPicker({ isOnCanvas: true }) }),
        ],
      }),
      metricsPanelGroup(tenantMetricQueries(tenantId, limit), tenantMetricPanels(limit)),
      new SceneFlexItem({ width: 'auto', body: new VariableValueSelectors({}) }),
      new SceneFlexItem({ height: 320, body: tenantLogsPanel(tenantId) }),
    ],
  });
}

/**
 * The tenant's requests-per-second limit: its effective `tenant.limits` (config documents, or the
 * built-in default), else (config not readable, e.g. without config:read) the quota on its record.
 */
export async function tenantRateLimit(
  tenantId: string,
  api: Pick<SwitchyardApi, 'getTenant'>,
  config: Pick<ConfigApi, 'effective'>
): Promise<TenantRateLimit | undefined> {
  const fromConfig = await config.effective(tenantId).then(
    (effective) => {
      const limits = effective.configs.find((c) => c.kind === 'tenant.limits');
      const rps = (limits?.value as { requestsPerSecond?: unknown } | undefined)?.requestsPerSecond;
      if (typeof rps !== 'number') return undefined;
      const entry = limits?.entries.find((e) => e.path === 'requestsPerSecond');
      const source = !entry || entry.version === null ? 'built-in default' : `config ${entry.scope} v${entry.version}`;
      return { requestsPerSecond: rps, source };
    },
    () => undefined
  );
  if (fromConfig) return fromConfig;
  return api.getTenant(tenantId).then(
    (t) => ({ requestsPerSecond: t.quotas.requestsPerSecond, source: 'tenant quota' }),
    () => undefined
  );
}

/** Reads the tenant's rate limit first (saturation needs it); without it the other graphs still render. */
export async function buildTenantObservabilityScene(
  tenantId: string,
  api: Pick<SwitchyardApi, 'getTenant'> = switchyardApi,
  config: Pick<ConfigApi, 'effective'> = configApi
): Promise<SceneFlexLayout> {
  return tenantObservabilityLayout(tenantId, await tenantRateLimit(tenantId, api, config));
}
