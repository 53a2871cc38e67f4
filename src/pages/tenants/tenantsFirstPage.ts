import { locationService } from '@grafana/runtime';
import { switchyardApi } from '../../api/switchyardApi';
import { Actions } from '../../contract';
import { can } from '../../shared/permissions';
import { prefetch, urlValues } from '../../shared/prefetch';
import { listTenantsKey, tenantsUrlState, toListQuery } from './tenantsUrlState';

/** The page the URL asks for, requested while the app renders (the list takes it on activation). */
export function prefetchFirstPage(search = locationService.getLocation().search): void {
  if (!can(Actions.tenantsRead)) {
    return;
  }
  const filters = tenantsUrlState.fromUrl(urlValues(search, tenantsUrlState.keys), tenantsUrlState.empty());
  const query = toListQuery(filters);
  prefetch(listTenantsKey(query), () => switchyardApi.listTenants(query));
}
