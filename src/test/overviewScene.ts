import { LoadingState, getDefaultTimeRange } from '@grafana/data';
import { SceneDataNode, SceneFlexLayout } from '@grafana/scenes';
import type { OperationsApi } from '../api/operationsApi';
import { OverviewScene } from '../pages/overview/OverviewScene';

/**
 * The Overview scene without its graphs: the fleet graphs are covered by buildFleetTrafficScene.test.ts
 * and uptime by UptimeScene.test.tsx (VizPanels need Grafana's panel registry, the metrics runner a data source).
 */
export function overviewSceneWithoutGraphs(api: OperationsApi): OverviewScene {
  return new OverviewScene(
    {
      $data: new SceneDataNode({ data: { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange() } }),
      traffic: new SceneFlexLayout({ children: [] }),
      statusTrend: new SceneFlexLayout({ children: [] }),
    },
    api
  );
}
