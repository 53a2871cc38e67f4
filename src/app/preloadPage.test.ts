import { preloadPage } from './preloadPage';
import { loadJobsFirstPage, loadOperationsBody } from '../pages/operations/loadOperationsBody';
import { loadOverviewScene, loadOverviewSections } from '../pages/overview/loadOverviewScene';
import { loadTenantsScene } from '../pages/tenants/loadTenantsScene';

const prefetchJobs = jest.fn();
const prefetchOverview = jest.fn();
// Body chunks never arrive: no page's first request may wait for its body.
jest.mock('../pages/operations/loadOperationsBody', () => ({
  loadOperationsBody: jest.fn(() => new Promise(() => undefined)),
  loadJobsFirstPage: jest.fn(() => Promise.resolve({ prefetchFirstPage: prefetchJobs })),
}));
jest.mock('../pages/overview/loadOverviewScene', () => ({
  loadOverviewScene: jest.fn(() => new Promise(() => undefined)),
  loadOverviewSections: jest.fn(() => Promise.resolve({ prefetchFirstPage: prefetchOverview })),
}));
jest.mock('../pages/tenants/loadTenantsScene', () => ({
  loadTenantsScene: jest.fn(() => Promise.reject(new Error('ChunkLoadError'))),
}));

const BASE = '/a/switchyard-controlplane-app';
type Loader = () => Promise<unknown>;
const ALL: Loader[] = [
  loadTenantsScene,
  loadOperationsBody,
  loadJobsFirstPage,
  loadOverviewScene,
  loadOverviewSections,
];

beforeEach(() => jest.clearAllMocks());

describe('preloadPage', () => {
  it.each<[string, Loader[]]>([
    [`${BASE}/operations`, [loadJobsFirstPage, loadOperationsBody]],
    [`${BASE}/overview`, [loadOverviewSections, loadOverviewScene]],
    [BASE, [loadOverviewSections, loadOverviewScene]],
  ])("fetches the first request's chunk, then the body chunk of %s", (path, loaders) => {
    preloadPage(BASE, path);
    for (const loader of ALL) expect(loader).toHaveBeenCalledTimes(loaders.includes(loader) ? 1 : 0);
    const order = loaders.map((l) => (l as jest.Mock).mock.invocationCallOrder[0]);
    expect(order[0]).toBeLessThan(order[1]);
  });

  it.each([`${BASE}/tenants`, `${BASE}/tenants/`])(
    'fetches the body chunk of %s, which starts the first request',
    (path) => {
      preloadPage(BASE, path);
      for (const loader of ALL) expect(loader).toHaveBeenCalledTimes(loader === loadTenantsScene ? 1 : 0);
    }
  );

  it.each([`${BASE}/tenants/acme-dev`, `${BASE}/constructor`, `${BASE}-other/tenants`, '/d/abc'])(
    'fetches nothing for %s',
    (path) => {
      preloadPage(BASE, path);
      for (const loader of ALL) expect(loader).not.toHaveBeenCalled();
    }
  );

  it("starts the page's first request once its own chunk is in, without waiting for the body", async () => {
    preloadPage(BASE, `${BASE}/operations`);
    await new Promise((r) => setTimeout(r, 0));
    expect(prefetchJobs).toHaveBeenCalledTimes(1);
    expect(prefetchOverview).not.toHaveBeenCalled();
    preloadPage(BASE, `${BASE}/overview`);
    await new Promise((r) => setTimeout(r, 0));
    expect(prefetchOverview).toHaveBeenCalledTimes(1);
  });

  it('leaves a failed fetch to the page (no unhandled rejection)', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    preloadPage(BASE, `${BASE}/tenants`);
    await new Promise((r) => setTimeout(r, 0));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
