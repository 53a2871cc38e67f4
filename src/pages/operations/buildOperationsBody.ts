import { locationService } from '@grafana/runtime';
import { operationsApi } from '../../api/operationsApi';
import { Actions } from '../../contract';
import { LazySceneBody } from '../../shared/LazySceneBody';
import { can } from '../../shared/permissions';
import { prefetch, urlValues } from '../../shared/prefetch';
import { WithGraphs, GRAPH_ROW_HEIGHT } from '../../shared/panels/WithGraphs';
import { testIds } from '../../shared/testIds';
import { buildOperationsHub } from './OperationsHubScene';
import { jobsUrlState, listJobsKey, toJobsQuery } from './jobsUrlState';

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

/** The jobs page the URL asks for, requested while the app renders (the jobs list takes it on activation). */
export function prefetchFirstPage(search = locationService.getLocation().search): void {
  if (!can(Actions.operationsRead)) {
    return;
  }
  const filters = jobsUrlState.fromUrl(urlValues(search, jobsUrlState.keys), jobsUrlState.empty());
  const query = toJobsQuery(filters);
  prefetch(listJobsKey(query), () => operationsApi.listJobs(query));
}
