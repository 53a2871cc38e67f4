/**
 * The tenants page body's chunk: the page loads it on open, the app root preloads it beside the app's
 * own chunk and starts the page's first request from it (`prefetchFirstPage`). Not a chunk of its own
 * for that request: the modules it shares with the body would be copied into both, past the page's
 * JavaScript budget.
 */
export const loadTenantsScene = () => import(/* webpackChunkName: "page-tenants" */ './buildTenantsScene');
