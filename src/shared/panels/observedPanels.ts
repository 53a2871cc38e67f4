import {
  PanelBuilders,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  type CustomTransformOperator,
  type SceneDataProvider,
  type SceneDataQuery,
} from '@grafana/scenes';
import { DATASOURCE_UIDS } from '../../constants';
import { DATASOURCE_PLUGIN_ID } from '../../contract/datasource';
import { filterRefIds } from './filterRefIds';
import { ObservedPanelScene } from './ObservedPanelScene';

export const NO_TRAFFIC = 'No traffic in this range';

export interface TimeseriesSpec {
  title: string;
  unit: string;
  refIds: string[];
  /** Text of the empty state; "No traffic in this range" by default. */
  emptyText?: string;
  /** Draw bars instead of lines (counts per bucket). */
  bars?: boolean;
  /** More transformations after the refId filter (e.g. naming series by shard status). */
  transform?: CustomTransformOperator;
}

/** One VictoriaMetrics runner for a group of panels: one data request per refresh for all of them. */
export function metricsRunner(queries: SceneDataQuery[], maxDataPoints = 300): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: { type: 'prometheus', uid: DATASOURCE_UIDS.metrics },
    queries,
    maxDataPoints,
  });
}

/** One runner on the Switchyard data source (the control plane's own state: tenants, jobs, isolation). */
export function controlPlaneRunner(queries: SceneDataQuery[]): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: { type: DATASOURCE_PLUGIN_ID, uid: DATASOURCE_UIDS.controlPlane },
    queries,
  });
}

/** A time series panel showing `spec.refIds` of the runner above it, with loading, empty and error states. */
export function observedTimeseries(spec: TimeseriesSpec, sourceName = 'VictoriaMetrics'): ObservedPanelScene {
  const builder = PanelBuilders.timeseries().setTitle(spec.title).setUnit(spec.unit).setMin(0);
  if (spec.bars) {
    builder.setCustomFieldConfig('drawStyle', 'bars' as never).setCustomFieldConfig('fillOpacity', 60);
  }
  return new ObservedPanelScene({
    $data: new SceneDataTransformer({
      transformations: [filterRefIds(spec.refIds), ...(spec.transform ? [spec.transform] : [])],
    }),
    panel: builder.build(),
    sourceName,
    emptyText: spec.emptyText ?? NO_TRAFFIC,
    refIds: spec.refIds,
  });
}

export interface PanelGroupOptions {
  height?: number;
  minWidth?: number;
}

/**
 * A wrapping row of time series panels over one shared data provider (a runner, or a layer set
 * wrapping one): the queries are fetched once and each panel keeps its own refIds. Without `data`
 * the panels read the nearest provider above the group (a runner the page shares with other sections).
 */
export function panelGroup(
  data: SceneDataProvider | undefined,
  panels: TimeseriesSpec[],
  sourceName: string,
  opts: PanelGroupOptions = {}
): SceneFlexLayout {
  return new SceneFlexLayout({
    ...(data ? { $data: data } : {}),
    direction: 'row',
    wrap: 'wrap',
    children: panels.map(
      (spec) =>
        new SceneFlexItem({
          minWidth: opts.minWidth ?? 360,
          height: opts.height ?? 240,
          body: observedTimeseries(spec, sourceName),
        })
    ),
  });
}

/** {@link panelGroup} over one VictoriaMetrics runner for `queries`. */
export function metricsPanelGroup(
  queries: SceneDataQuery[],
  panels: TimeseriesSpec[],
  opts: PanelGroupOptions = {}
): SceneFlexLayout {
  return panelGroup(metricsRunner(queries), panels, 'VictoriaMetrics', opts);
}

/** {@link panelGroup} over one Switchyard data source runner for `queries`. */
export function controlPlanePanelGroup(
  queries: SceneDataQuery[],
  panels: TimeseriesSpec[],
  opts: PanelGroupOptions = {}
): SceneFlexLayout {
  return panelGroup(controlPlaneRunner(queries), panels, 'The Switchyard data source', opts);
}
