import { TenantsListScene } from './TenantsListScene';

export { prefetchFirstPage } from './tenantsFirstPage';

/** Body of the tenants page; loaded lazily (its own chunk) by tenantsPage. */
export function buildTenantsScene(): TenantsListScene {
  return new TenantsListScene();
}
