/** The overview page body's chunk: the page loads it on open, the app root preloads it beside the app's own chunk. */
export const loadOverviewScene = () => import(/* webpackChunkName: "page-overview" */ './OverviewScene');

/** The overview's requests in a chunk of their own (no panels' code), so the app root can start them first. */
export const loadOverviewSections = () => import(/* webpackChunkName: "page-overview-sections" */ './overviewSections');
