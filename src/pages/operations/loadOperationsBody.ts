/** The operations page body's chunk: the page loads it on open, the app root preloads it beside the app's own chunk. */
export const loadOperationsBody = () => import(/* webpackChunkName: "page-operations" */ './buildOperationsBody');
