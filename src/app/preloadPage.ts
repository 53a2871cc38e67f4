import { loadOperationsBody } from '../pages/operations/loadOperationsBody';
import { loadOverviewScene, loadOverviewSections } from '../pages/overview/loadOverviewScene';
import { loadTenantsScene } from '../pages/tenants/loadTenantsScene';
import { ROUTES } from '../shared/routes';

/** A page body's chunk; it may start the page's first request (`prefetchFirstPage`). */
type PageChunk = () => Promise<{ prefetchFirstPage?: () => void; [name: string]: unknown }>;

/**
 * The overview's body chunk carries its panels' code (most of its size): its numbers' requests come
 * from a chunk of their own, fetched beside it, so they start without waiting for the panels.
 */
const preloadOverview: PageChunk = () => {
  loadOverviewScene().catch(() => undefined);
  return loadOverviewSections();
};

/** The pages people land on, by route; the app root redirects to the overview. */
const PRELOADS = new Map<string, PageChunk>([
  ['', preloadOverview],
  [ROUTES.overview, preloadOverview],
  [ROUTES.tenants, loadTenantsScene],
  [ROUTES.operations, loadOperationsBody],
]);

/**
 * Starts fetching the body chunk of the page at `pathname` beside the app's own chunk, instead of
 * once the app has rendered the page (a second round trip before the page's first request), and
 * then the page's first request, if it has one to prefetch. The page's own load gets the same
 * chunk; a failure here is left to it, which shows it. `basename`
 * is the app's root (`/a/<plugin id>`, from Grafana's root page props: no manifest in module.js).
 */
export function preloadPage(basename: string, pathname: string): void {
  if (pathname !== basename && !pathname.startsWith(`${basename}/`)) {
    return;
  }
  const route = pathname.slice(basename.length).replace(/^\/+|\/+$/g, '');
  PRELOADS.get(route)?.()
    .then((chunk) => chunk.prefetchFirstPage?.())
    .catch(() => undefined);
}
