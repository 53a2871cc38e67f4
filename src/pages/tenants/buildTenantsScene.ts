import { TenantsListScene } from './TenantsListScene';

/** Body of the tenants page; loaded lazily (its own chunk) by tenantsPage. */
export function buildTenantsScene(): TenantsListScene {
  return new TenantsListScene();
}
