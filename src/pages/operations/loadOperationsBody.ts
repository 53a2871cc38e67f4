/** The operations page body's chunk: the page loads it on open, the app root preloads it beside the app's own chunk. */
export const loadOperationsBody = () => import(/* webpackChunkName: "page-operations" */ './buildOperationsBody');

/** The hub's jobs request in a chunk of its own, so the app root can start it before the body is in. */
export const loadJobsFirstPage = () => import(/* webpackChunkName: "page-operations-first-page" */ './jobsFirstPage');
