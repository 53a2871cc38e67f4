import { LazySceneBody } from '../../shared/LazySceneBody';
import { WithGraphs, GRAPH_ROW_HEIGHT } from '../../shared/panels/WithGraphs';
import { testIds } from '../../shared/testIds';
import { buildOperationsHub } from './OperationsHubScene';

/**
 * Body of the operations page, loaded lazily by operationsPage: jobs started and failed over time
 * above the hub. The graphs' code (Scenes' panels, the bulk of the page's JavaScript) loads once the
 * jobs list has its first rows, so the hub neither waits for it nor shares the browser with it.
 */
export function buildOperationsBody(): WithGraphs {
  const hub = buildOperationsHub();
  return new WithGraphs({
    graphs: new LazySceneBody(
      () => import(/* webpackChunkName: "trends" */ '../../shared/panels/trends').then((m) => m.buildJobsTrend()),
      {},
      () => hub.state.jobs.settled()
    ),
    body: hub,
    testId: testIds.panels.jobsTrend,
    label: 'Jobs over time',
    minHeight: GRAPH_ROW_HEIGHT,
  });
}
