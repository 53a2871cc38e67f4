import { LazySceneBody } from '../../shared/LazySceneBody';
import { WithGraphs, GRAPH_ROW_HEIGHT } from '../../shared/panels/WithGraphs';
import { testIds } from '../../shared/testIds';
import { IsolationPostureScene } from './IsolationPostureScene';

/**
 * Body of the isolation posture page (verdicts over time above the posture list); loaded lazily (its
 * own chunk) by isolationPage. The graph's code loads once the list has its first rows, off their path.
 */
export function buildIsolationScene(): WithGraphs {
  const list = new IsolationPostureScene();
  return new WithGraphs({
    graphs: new LazySceneBody(
      () => import(/* webpackChunkName: "trends" */ '../../shared/panels/trends').then((m) => m.buildIsolationTrend()),
      {},
      () => list.settled()
    ),
    body: list,
    testId: testIds.panels.isolationTrend,
    label: 'Isolation verdicts over time',
    minHeight: GRAPH_ROW_HEIGHT,
  });
}
