/** The overview page body's chunk: the page loads it on open, the app root preloads it beside the app's own chunk. */
export const loadOverviewScene = () => import(/* webpackChunkName: "page-overview" */ './OverviewScene');
