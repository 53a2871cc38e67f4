import { loadJobsFirstPage, loadOperationsBody } from '../pages/operations/loadOperationsBody';
import { loadOverviewScene, loadOverviewSections } from '../pages/overview/loadOverviewScene';
import { loadTenantsScene } from '../pages/tenants/loadTenantsScene';
import { ROUTES } from '../shared/routes';

/** A chunk that starts its page's first request. */
type FirstRequestChunk = () => Promise<{ prefetchFirstPage: () => void }>;

/**
 * A landing page's chunks: its body, and where its first request comes from. A chunk of its own
 * (the request and its schemas, none of the page's components or panels) lets the request start
 * before the body is in; without one the body's chunk starts it (the tenants page: its own chunk
 * would copy the modules it shares with the body, past the page's JavaScript budget).
 */
type PagePreload = { body: () => Promise<unknown>; firstRequest: FirstRequestChunk } | { body: FirstRequestChunk };

const overview: PagePreload = { body: loadOverviewScene, firstRequest: loadOverviewSections };

/** The pages people land on, by route; the app root redirects to the overview. */
const PRELOADS = new Map<string, PagePreload>([
  ['', overview],
  [ROUTES.overview, overview],
  [ROUTES.tenants, { body: loadTenantsScene }],
  [ROUTES.operations, { body: loadOperationsBody, firstRequest: loadJobsFirstPage }],
]);

/**
 * Starts fetching the chunks of the page at `pathname` beside the app's own chunk, instead of once
 * the app has rendered the page (a second round trip before the page's first request): first the
 * chunk of the page's first request, which starts it as soon as it is in, then the page's body (when
 * they differ). The
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
  const first = 'firstRequest' in page ? page.firstRequest : page.body;
  first()
    .then((chunk) => chunk.prefetchFirstPage())
    .catch(() => undefined);
  if ('firstRequest' in page) {
    page.body().catch(() => undefined);
  }
}
