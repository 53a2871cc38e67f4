/** The tenants page body's chunk: the page loads it on open, the app root preloads it beside the app's own chunk. */
export const loadTenantsScene = () => import(/* webpackChunkName: "page-tenants" */ './buildTenantsScene');

/** The tenants page's first request in a chunk of its own, so the app root can start it before the body is in. */
export const loadTenantsFirstPage = () =>
  import(/* webpackChunkName: "page-tenants-first-page" */ './tenantsFirstPage');
