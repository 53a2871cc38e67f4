import { preloadPage } from './preloadPage';
import { loadOperationsBody } from '../pages/operations/loadOperationsBody';
import { loadOverviewScene, loadOverviewSections } from '../pages/overview/loadOverviewScene';
import { loadTenantsScene } from '../pages/tenants/loadTenantsScene';

const prefetchFirstPage = jest.fn();
jest.mock('../pages/operations/loadOperationsBody', () => ({
  loadOperationsBody: jest.fn(() => Promise.resolve({ prefetchFirstPage })),
}));
const prefetchOverviewSections = jest.fn();
jest.mock('../pages/overview/loadOverviewScene', () => ({
  // The body chunk never arrives: the overview's requests must not wait for it.
  loadOverviewScene: jest.fn(() => new Promise(() => undefined)),
  loadOverviewSections: jest.fn(() => Promise.resolve({ prefetchFirstPage: prefetchOverviewSections })),
}));
jest.mock('../pages/tenants/loadTenantsScene', () => ({
  loadTenantsScene: jest.fn(() => Promise.reject(new Error('ChunkLoadError'))),
}));

const BASE = '/a/switchyard-controlplane-app';

beforeEach(() => jest.clearAllMocks());

describe('preloadPage', () => {
  it.each([
    [`${BASE}/tenants`, loadTenantsScene],
    [`${BASE}/tenants/`, loadTenantsScene],
    [`${BASE}/operations`, loadOperationsBody],
    [`${BASE}/overview`, loadOverviewScene],
    [BASE, loadOverviewScene],
    [`${BASE}/overview`, loadOverviewSections],
    [BASE, loadOverviewSections],
  ])('fetches the body chunk of %s', (path, loader) => {
    preloadPage(BASE, path);
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it.each([`${BASE}/tenants/acme-dev`, `${BASE}/constructor`, `${BASE}-other/tenants`, '/d/abc'])(
    'fetches nothing for %s',
    (path) => {
      preloadPage(BASE, path);
      for (const loader of [loadTenantsScene, loadOperationsBody, loadOverviewScene, loadOverviewSections]) {
        expect(loader).not.toHaveBeenCalled();
      }
    }
  );

  it("starts the page's first request once its chunk is in, when the page has one", async () => {
    preloadPage(BASE, `${BASE}/operations`);
    await new Promise((r) => setTimeout(r, 0));
    expect(prefetchFirstPage).toHaveBeenCalledTimes(1);
    preloadPage(BASE, `${BASE}/tenants`);
    await new Promise((r) => setTimeout(r, 0));
    expect(prefetchFirstPage).toHaveBeenCalledTimes(1);
  });

  it("starts the overview's requests from their own chunk, without waiting for the page body's chunk", async () => {
    preloadPage(BASE, `${BASE}/overview`);
    await new Promise((r) => setTimeout(r, 0));
    expect(prefetchOverviewSections).toHaveBeenCalledTimes(1);
    expect(prefetchFirstPage).not.toHaveBeenCalled();
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
