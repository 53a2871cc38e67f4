import { locationService } from '@grafana/runtime';
import { switchyardApi } from '../../api/switchyardApi';
import { Actions } from '../../contract';
import { prefetchListFromUrl } from '../../shared/prefetch';
import { listTenantsKey, tenantsUrlState, toListQuery } from './tenantsUrlState';

/** The page the URL asks for, requested while the app renders (the list takes it on activation). */
export function prefetchFirstPage(search = locationService.getLocation().search): void {
  prefetchListFromUrl(search, {
    action: Actions.tenantsRead,
    urlState: tenantsUrlState,
    toQuery: (f) => toListQuery(f),
    key: listTenantsKey,
    request: (q) => switchyardApi.listTenants(q),
  });
}
