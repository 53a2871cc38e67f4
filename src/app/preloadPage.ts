import { loadJobsFirstPage, loadOperationsBody } from '../pages/operations/loadOperationsBody';
import { loadOverviewScene, loadOverviewSections } from '../pages/overview/loadOverviewScene';
import { loadTenantsFirstPage, loadTenantsScene } from '../pages/tenants/loadTenantsScene';
import { ROUTES } from '../shared/routes';

/**
 * A landing page's chunks: its body, and its first request in a chunk of its own (the request and
 * its schemas, none of the page's components or panels), so the request does not wait for the body.
 */
interface PagePreload {
  body: () => Promise<unknown>;
  firstRequest: () => Promise<{ prefetchFirstPage: () => void }>;
}

const overview: PagePreload = { body: loadOverviewScene, firstRequest: loadOverviewSections };

/** The pages people land on, by route; the app root redirects to the overview. */
const PRELOADS = new Map<string, PagePreload>([
  ['', overview],
  [ROUTES.overview, overview],
  [ROUTES.tenants, { body: loadTenantsScene, firstRequest: loadTenantsFirstPage }],
  [ROUTES.operations, { body: loadOperationsBody, firstRequest: loadJobsFirstPage }],
]);

/**
 * Starts fetching the chunks of the page at `pathname` beside the app's own chunk, instead of once
 * the app has rendered the page (a second round trip before the page's first request): first the
 * chunk of the page's first request, which starts it as soon as it is in, then the page's body. The
 * page's own load gets the same chunks and takes the request; a failure here is left to it, which
 * shows it. `basename` is the app's root (`/a/<plugin id>`, from Grafana's root page props: no
 * manifest in module.js).
 */
export function preloadPage(basename: string, pathname: string): void {
  if (pathname !== basename && !pathname.startsWith(`${basename}/`)) {
    return;
  }
  const route = pathname.slice(basename.length).replace(/^\/+|\/+$/g, '');
  const page = PRELOADS.get(route);
  if (!page) {
    return;
  }
  page
    .firstRequest()
    .then((chunk) => chunk.prefetchFirstPage())
    .catch(() => undefined);
  page.body().catch(() => undefined);
}
