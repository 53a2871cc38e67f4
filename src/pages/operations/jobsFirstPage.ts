import { locationService } from '@grafana/runtime';
import { operationsApi } from '../../api/operationsApi';
import { Actions } from '../../contract';
import { prefetchListFromUrl } from '../../shared/prefetch';
import { jobsUrlState, listJobsKey, toJobsQuery } from './jobsUrlState';

/**
 * The jobs page the URL asks for, requested while the app renders (the jobs list takes it on
 * activation). Its own chunk (the request and its schemas, not the hub's components), so it starts first.
 */
export function prefetchFirstPage(search = locationService.getLocation().search): void {
  prefetchListFromUrl(search, {
    action: Actions.operationsRead,
    urlState: jobsUrlState,
    toQuery: (f) => toJobsQuery(f),
    key: listJobsKey,
    request: (q) => operationsApi.listJobs(q),
  });
}
