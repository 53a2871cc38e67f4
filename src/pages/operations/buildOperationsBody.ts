import { LazySceneBody } from '../../shared/LazySceneBody';
import { WithGraphs, GRAPH_ROW_HEIGHT } from '../../shared/panels/WithGraphs';
import { testIds } from '../../shared/testIds';
import { buildOperationsHub } from './OperationsHubScene';

/**
 * Body of the operations page, loaded lazily by operationsPage: jobs started and failed over time
 * above the hub. The graphs' code (Scenes' panels, the bulk of the page's JavaScript) loads beside
 * the hub, so the alert inbox and the jobs list show without waiting for it.
 */
export function buildOperationsBody(): WithGraphs {
  return new WithGraphs({
    graphs: new LazySceneBody(() =>
      import(/* webpackChunkName: "trends" */ '../../shared/panels/trends').then((m) => m.buildJobsTrend())
    ),
    body: buildOperationsHub(),
    testId: testIds.panels.jobsTrend,
    label: 'Jobs over time',
    minHeight: GRAPH_ROW_HEIGHT,
  });
}
