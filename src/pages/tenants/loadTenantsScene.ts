/** The tenants page body's chunk: the page loads it on open, the app root preloads it beside the app's own chunk. */
export const loadTenantsScene = () => import(/* webpackChunkName: "page-tenants" */ './buildTenantsScene');
