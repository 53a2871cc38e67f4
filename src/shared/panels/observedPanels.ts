import {
  PanelBuilders,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  type SceneDataQuery,
} from '@grafana/scenes';
import { DATASOURCE_UIDS } from '../../constants';
import { filterRefIds } from './filterRefIds';
import { ObservedPanelScene } from './ObservedPanelScene';

export const NO_TRAFFIC = 'No traffic in this range';

export interface TimeseriesSpec {
  title: string;
  unit: string;
  refIds: string[];
}

/** One VictoriaMetrics runner for a group of panels: one data request per refresh for all of them. */
export function metricsRunner(queries: SceneDataQuery[], maxDataPoints = 300): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: { type: 'prometheus', uid: DATASOURCE_UIDS.metrics },
    queries,
    maxDataPoints,
  });
}

/** A time series panel showing `spec.refIds` of the runner above it, with loading, empty and error states. */
export function observedTimeseries(spec: TimeseriesSpec, emptyText = NO_TRAFFIC): ObservedPanelScene {
  return new ObservedPanelScene({
    $data: new SceneDataTransformer({ transformations: [filterRefIds(spec.refIds)] }),
    panel: PanelBuilders.timeseries().setTitle(spec.title).setUnit(spec.unit).setMin(0).build(),
    sourceName: 'VictoriaMetrics',
    emptyText,
    refIds: spec.refIds,
  });
}

/**
 * A wrapping row of time series panels over one shared runner: `queries` are fetched once and each
 * panel keeps its own refIds.
 */
export function metricsPanelGroup(
  queries: SceneDataQuery[],
  panels: TimeseriesSpec[],
  opts: { height?: number; minWidth?: number } = {}
): SceneFlexLayout {
  return new SceneFlexLayout({
    $data: metricsRunner(queries),
    direction: 'row',
    wrap: 'wrap',
    children: panels.map(
      (spec) =>
        new SceneFlexItem({
          minWidth: opts.minWidth ?? 360,
          height: opts.height ?? 240,
          body: observedTimeseries(spec),
        })
    ),
  });
}
