import { LazySceneBody } from '../../shared/LazySceneBody';
import { WithGraphs, GRAPH_ROW_HEIGHT } from '../../shared/panels/WithGraphs';
import { testIds } from '../../shared/testIds';
import { buildOperationsHub } from './OperationsHubScene';

/**
 * Body of the operations page, loaded lazily by operationsPage: jobs started and failed over time
 * above the hub, in the environments the hub's filter picks (they query again when it changes). The
 * graphs' code (Scenes' panels, the bulk of the page's JavaScript) loads once the jobs list has its
 * first rows, so the hub neither waits for it nor shares the browser with it.
 */
export function buildOperationsBody(): WithGraphs {
  const hub = buildOperationsHub();
  const { jobs } = hub.state;
  const environments = () => jobs.state.filters.environment;
  return new WithGraphs({
    graphs: new LazySceneBody(
      () =>
        import(/* webpackChunkName: "trends" */ '../../shared/panels/trends').then((m) => {
          const trend = m.buildJobsTrend(environments());
          let shown = environments().join(',');
          const follow = () => {
            const picked = environments();
            const key = picked.join(',');
            if (key !== shown) {
              shown = key;
              m.setJobsTrendEnvironments(trend, picked);
            }
          };
          trend.addActivationHandler(() => {
            follow();
            const sub = jobs.subscribeToState(follow);
            return () => sub.unsubscribe();
          });
          return trend;
        }),
      {},
      () => jobs.settled()
    ),
    body: hub,
    testId: testIds.panels.jobsTrend,
    label: 'Jobs over time',
    minHeight: GRAPH_ROW_HEIGHT,
  });
}
